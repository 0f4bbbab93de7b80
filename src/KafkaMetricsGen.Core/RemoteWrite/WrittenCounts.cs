using System.Globalization;
using System.Net.Http.Headers;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>What a remote write 2.0 receiver reports it stored, from its <c>X-Prometheus-Remote-Write-*-Written</c> headers.</summary>
internal readonly record struct WrittenCounts(int Samples, int Histograms, int Exemplars)
{
    /// <summary>The counts, or null without a readable samples header (the receiver does not speak 2.0). A missing
    /// histograms or exemplars header counts as zero.</summary>
    public static WrittenCounts? From(HttpResponseHeaders headers)
    {
        if (Read(headers, RemoteWriteHttpHeaders.SamplesWritten) is not { } samples)
        {
            return null;
        }

        return new WrittenCounts(samples, Read(headers, RemoteWriteHttpHeaders.HistogramsWritten) ?? 0, Read(headers, RemoteWriteHttpHeaders.ExemplarsWritten) ?? 0);
    }

    private static int? Read(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
}
