using System.Globalization;
using System.Text;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Exposition;

/// <summary>
/// Prints a native histogram in the notation of Prometheus' PromQL test scripts (the text format has none):
/// <c>{{schema:3 count:7 sum:12.5 z_bucket:0 z_bucket_w:2.938735877055719E-39 offset:-2 buckets:[1 0 3]}}</c>.
/// <c>buckets</c> are absolute counts of consecutive positive bucket indexes from <c>offset</c> on (gaps between
/// spans written as 0); bucket i covers (2^(2^-schema·(i−1)), 2^(2^-schema·i)].
/// </summary>
public static class NativeHistogramText
{
    public static string Format(NativeHistogramSample h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var text = new StringBuilder("{{");
        text.Append(CultureInfo.InvariantCulture, $"schema:{h.Schema} count:{h.Count} sum:{PrometheusTextAppender.FormatValue(h.Sum)}");
        text.Append(CultureInfo.InvariantCulture, $" z_bucket:{h.ZeroCount} z_bucket_w:{PrometheusTextAppender.FormatValue(h.ZeroThreshold)}");
        if (h.PositiveSpans.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" offset:{h.PositiveSpans[0].Offset} buckets:[");
            long count = 0;
            var delta = 0;
            var first = true;
            for (var s = 0; s < h.PositiveSpans.Count; s++)
            {
                var (gap, length) = h.PositiveSpans[s];
                for (var g = 0; s > 0 && g < gap; g++)
                {
                    text.Append(" 0");
                }

                for (var i = 0; i < length && delta < h.PositiveDeltas.Count; i++)
                {
                    count += h.PositiveDeltas[delta++];
                    text.Append(first ? "" : " ").Append(count.ToString(CultureInfo.InvariantCulture));
                    first = false;
                }
            }

            text.Append(']');
        }

        return text.Append("}}").ToString();
    }
}
