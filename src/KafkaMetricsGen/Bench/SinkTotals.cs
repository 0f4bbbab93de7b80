using KafkaMetricsGen.Streams.Sink;

namespace KafkaMetricsGen.Bench;

/// <summary>Sums of one metric's latest values over a tenant's series, as the bench counts spans and requests.</summary>
internal static class SinkTotals
{
    public static double Total(this LatestValuesSink sink, string tenant, string metric)
    {
        var total = 0.0;
        foreach (var sample in sink.Samples(tenant))
        {
            if (sample.Metric == metric)
            {
                total += sample.Value;
            }
        }

        return total;
    }
}
