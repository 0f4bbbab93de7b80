using System.Globalization;
using System.Text;
using KafkaMetricsGen.Streams.Sink;

namespace KafkaMetricsGen.Demo;

/// <summary>Renders the demo's closing tables — the service graph and RED per operation — from the latest series values.</summary>
public static class DemoReport
{
    public static string ServiceGraph(IReadOnlyList<LatestSample> samples)
    {
        var requests = samples.Where(s => s.Metric == "traces_service_graph_request_total").ToList();
        var failed = samples.Where(s => s.Metric == "traces_service_graph_request_failed_total")
            .GroupBy(s => (s.Label("client"), s.Label("server"))).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        var text = new StringBuilder("Service graph\n");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"client",-14} {"server",-16} {"type",-17} {"requests",9} {"failed",7}");
        foreach (var edge in requests.GroupBy(s => (Client: s.Label("client") ?? "", Server: s.Label("server") ?? "", Type: s.Label("connection_type") ?? ""))
                     .OrderBy(g => g.Key.Client, StringComparer.Ordinal).ThenBy(g => g.Key.Server, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {edge.Key.Client,-14} {edge.Key.Server,-16} {edge.Key.Type,-17} {edge.Sum(s => s.Value),9:0} {failed.GetValueOrDefault((edge.Key.Client, edge.Key.Server)),7:0}");
        }

        return text.ToString();
    }

    public static string Red(IReadOnlyList<LatestSample> samples)
    {
        var text = new StringBuilder("RED per operation (server and consumer spans)\n");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"service",-12} {"operation",-20} {"requests",9} {"errors",7} {"p50 ms",8} {"p95 ms",8}");
        var calls = samples.Where(s => s.Metric == "traces_spanmetrics_calls_total" && s.Label("span_kind") is "SPAN_KIND_SERVER" or "SPAN_KIND_CONSUMER")
            .GroupBy(s => (Service: s.Label("service") ?? "", Operation: s.Label("span_name") ?? ""));
        foreach (var op in calls.OrderBy(g => g.Key.Service, StringComparer.Ordinal).ThenBy(g => g.Key.Operation, StringComparer.Ordinal))
        {
            var total = op.Sum(s => s.Value);
            var errors = op.Where(s => s.Label("status_code") == "STATUS_CODE_ERROR").Sum(s => s.Value);
            var buckets = samples.Where(s => s.Metric == "traces_spanmetrics_latency_bucket" && s.Label("service") == op.Key.Service && s.Label("span_name") == op.Key.Operation)
                .GroupBy(s => s.Label("le") ?? "")
                .Select(g => (Le: g.Key == "+Inf" ? double.PositiveInfinity : double.Parse(g.Key, CultureInfo.InvariantCulture), Count: g.Sum(s => s.Value)))
                .OrderBy(b => b.Le).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"  {op.Key.Service,-12} {op.Key.Operation,-20} {total,9:0} {errors,7:0} {Quantile(buckets, 0.5) * 1000,8:0.0} {Quantile(buckets, 0.95) * 1000,8:0.0}");
        }

        return text.ToString();
    }

    /// <summary>histogram_quantile over cumulative classic buckets (linear within a bucket, as Prometheus does).</summary>
    public static double Quantile(IReadOnlyList<(double Le, double Count)> buckets, double q)
    {
        if (buckets.Count == 0 || buckets[^1].Count == 0)
        {
            return double.NaN;
        }

        var rank = q * buckets[^1].Count;
        var lower = 0.0;
        var below = 0.0;
        foreach (var (le, count) in buckets)
        {
            if (count >= rank)
            {
                if (double.IsPositiveInfinity(le))
                {
                    return lower;
                }

                return count == below ? le : lower + ((le - lower) * (rank - below) / (count - below));
            }

            lower = le;
            below = count;
        }

        return lower;
    }
}
