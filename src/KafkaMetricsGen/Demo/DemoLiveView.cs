using System.Globalization;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;

namespace KafkaMetricsGen.Demo;

/// <summary>
/// What the demo page shows, computed from the kept windows of a <see cref="DemoSeriesHistory"/>: per-second rates of
/// the cumulative series over the kept windows, and latencies from the change of the classic buckets in that time —
/// what <c>rate()</c> and <c>histogram_quantile()</c> give in Prometheus.
/// </summary>
public static class DemoLiveView
{
    private const string BucketSuffix = "_bucket";
    private const string SumSuffix = "_sum";
    private const string CountSuffix = "_count";
    private const string ServerKind = "SPAN_KIND_SERVER";
    private const string ConsumerKind = "SPAN_KIND_CONSUMER";
    private const string ErrorStatus = "STATUS_CODE_ERROR";

    /// <summary>
    /// Edges per client, server and connection type; a node's numbers are the requests it received, or, for a node
    /// that only calls others (such as <c>user</c>), the requests it sent.
    /// </summary>
    public static DemoServiceGraph ServiceGraph(IReadOnlyList<SeriesHistory> series)
    {
        var failed = Sum(series, ServiceGraphsMetricNames.RequestFailedTotal, EdgeKey);
        var latencySum = Sum(series, ServiceGraphsMetricNames.RequestServerSeconds + SumSuffix, EdgeKey);
        var latencyCount = Sum(series, ServiceGraphsMetricNames.RequestServerSeconds + CountSuffix, EdgeKey);
        var buckets = Buckets(series, ServiceGraphsMetricNames.RequestServerSeconds, EdgeKey);
        var edges = new List<DemoEdge>();
        foreach (var (key, rate) in Sum(series, ServiceGraphsMetricNames.RequestTotal, s => EdgeKey(s) + "\n" + s.Label(ServiceGraphsLabelNames.ConnectionType)))
        {
            var parts = key.Split('\n');
            var edge = parts[0] + "\n" + parts[1];
            // A series born in the last window has one sample and no rate yet: no mean until both sum and count move.
            var count = latencyCount.GetValueOrDefault(edge);
            var sum = latencySum.GetValueOrDefault(edge);
            edges.Add(new DemoEdge(
                parts[0] + "->" + parts[1] + (parts[2].Length > 0 ? ":" + parts[2] : ""),
                parts[0],
                parts[1],
                parts[2],
                rate,
                Ratio(failed.GetValueOrDefault(edge), rate),
                count > 0 && sum > 0 ? sum / count * 1000 : null,
                Milliseconds(buckets.GetValueOrDefault(edge), 0.95)));
        }

        edges.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var nodes = new List<DemoNode>();
        foreach (var id in edges.SelectMany(e => (string[])[e.Source, e.Target]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var incoming = edges.Where(e => e.Target == id).ToList();
            var counted = incoming.Count > 0 ? incoming : edges.Where(e => e.Source == id).ToList();
            var rate = counted.Sum(e => e.RequestsPerSecond);
            var errors = counted.Sum(e => e.RequestsPerSecond * (e.ErrorRatio ?? 0));
            nodes.Add(new DemoNode(id, incoming.Count > 0 ? DemoNode.Server : DemoNode.Client, rate, Ratio(errors, rate)));
        }

        return new DemoServiceGraph(Window(series), nodes, edges);
    }

    /// <summary>RED per service, operation and kind for the spans that receive work (server and consumer).</summary>
    public static DemoRed Red(IReadOnlyList<SeriesHistory> series)
    {
        var receiving = series.Where(s => s.Label(SpanMetricsLabelNames.SpanKind) is ServerKind or ConsumerKind).ToList();
        var errors = Sum(receiving.Where(s => s.Label(SpanMetricsLabelNames.StatusCode) == ErrorStatus).ToList(), SpanMetricsMetricNames.Calls, OperationKey);
        var buckets = Buckets(receiving, SpanMetricsMetricNames.Latency, OperationKey);
        var rows = new List<DemoRedRow>();
        foreach (var (key, rate) in Sum(receiving, SpanMetricsMetricNames.Calls, OperationKey))
        {
            var parts = key.Split('\n');
            var latency = buckets.GetValueOrDefault(key);
            rows.Add(new DemoRedRow(parts[0], parts[1], parts[2], rate, Ratio(errors.GetValueOrDefault(key), rate), Milliseconds(latency, 0.5), Milliseconds(latency, 0.95)));
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.Service + "\n" + a.Operation + "\n" + a.Kind, b.Service + "\n" + b.Operation + "\n" + b.Kind));
        return new DemoRed(Window(series), rows);
    }

    private static string EdgeKey(SeriesHistory s) => s.Label(ServiceGraphsLabelNames.Client) + "\n" + s.Label(ServiceGraphsLabelNames.Server);

    private static string OperationKey(SeriesHistory s) =>
        s.Label(SpanMetricsLabelNames.Service) + "\n" + s.Label(SpanMetricsLabelNames.SpanName) + "\n" + s.Label(SpanMetricsLabelNames.SpanKind);

    private static Dictionary<string, double> Sum(IReadOnlyList<SeriesHistory> series, string metric, Func<SeriesHistory, string> key)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            if (s.Metric == metric)
            {
                var k = key(s);
                sums[k] = sums.GetValueOrDefault(k) + s.Rate();
            }
        }

        return sums;
    }

    /// <summary>Per key, the rate of each classic bucket summed by <c>le</c>, ordered by bound.</summary>
    private static Dictionary<string, List<(double Le, double Count)>> Buckets(IReadOnlyList<SeriesHistory> series, string histogram, Func<SeriesHistory, string> key)
    {
        var byKey = new Dictionary<string, Dictionary<double, double>>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            if (s.Metric != histogram + BucketSuffix)
            {
                continue;
            }

            var le = s.Label("le") is "+Inf" ? double.PositiveInfinity : double.Parse(s.Label("le"), CultureInfo.InvariantCulture);
            var k = key(s);
            if (!byKey.TryGetValue(k, out var bounds))
            {
                byKey[k] = bounds = [];
            }

            bounds[le] = bounds.GetValueOrDefault(le) + s.Rate();
        }

        return byKey.ToDictionary(kv => kv.Key, kv => kv.Value.OrderBy(b => b.Key).Select(b => (b.Key, b.Value)).ToList(), StringComparer.Ordinal);
    }

    private static double? Milliseconds(List<(double Le, double Count)>? buckets, double q)
    {
        if (buckets is null)
        {
            return null;
        }

        var seconds = DemoReport.Quantile(buckets, q);
        return double.IsNaN(seconds) ? null : seconds * 1000;
    }

    private static double? Ratio(double part, double whole) => whole > 0 ? part / whole : null;

    /// <summary>The event time the rates cover: the kept windows of the longest-kept series.</summary>
    private static double Window(IReadOnlyList<SeriesHistory> series) =>
        series.Where(s => s.Points.Count >= 2).Select(s => (s.Points[^1].TimestampMs - s.Points[0].TimestampMs) / 1000.0).DefaultIfEmpty(0).Max();
}
