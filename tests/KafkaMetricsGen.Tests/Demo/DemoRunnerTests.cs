using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using KafkaMetricsGen.Demo;
using KafkaMetricsGen.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Demo;

// Workers in one process share the process-wide self-metrics: tests that run one never run side by side.
[Collection(KafkaMetricsGen.Tests.KafkaCollection.Name)]
public sealed class DemoRunnerTests
{
    [Fact]
    public async Task The_demo_serves_health_metrics_and_TraceQL_while_it_runs_and_ends_with_the_service_graph_and_RED_tables()
    {
        var port = Loopback.FreePort();
        var output = new StringWriter();
        var demo = new DemoRunner(
            new DemoOptions { TracesPerSecond = 20, Duration = TimeSpan.FromSeconds(25), SummaryInterval = TimeSpan.FromSeconds(5), CollectionInterval = TimeSpan.FromSeconds(2), Partitions = 2, HttpAddress = $"127.0.0.1:{port}" },
            TextWriter.Synchronized(output),
            NullLoggerFactory.Instance);
        var run = demo.RunAsync(CancellationToken.None);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var ready = await Loopback.PollAsync(async () => (await http.GetAsync("/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        var metricsMoved = await Loopback.PollAsync(async () => (await http.GetStringAsync("/metrics")).Contains("tempo_metrics_generator_spans_received_total{tenant=\"single-tenant\"}", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var traceql = await Loopback.PollAsync(async () =>
        {
            var body = await http.GetStringAsync("/api/metrics/query_range?q=" + Uri.EscapeDataString("{} | count_over_time() by (resource.service.name)") + "&since=5m");
            return body.Contains("frontend", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20));
        // Scopes and span events cross Kafka and the spans-by-trace hop into local blocks: failing payments and
        // inventory server spans carry an exception event, every span the synthetic instrumentation scope.
        var eventsBody = string.Empty;
        var events = await Loopback.PollAsync(async () =>
        {
            var body = eventsBody = await http.GetStringAsync("/api/metrics/query_range?q=" + Uri.EscapeDataString("{ event:name = \"exception\" && event.exception.type =~ \".*Exception\" } | count_over_time() by (resource.service.name)") + "&since=5m");
            return (body.Contains("payments", StringComparison.Ordinal) || body.Contains("inventory", StringComparison.Ordinal)) && !body.Contains("frontend", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20));
        var scopes = await http.GetStringAsync("/api/metrics/query_range?q=" + Uri.EscapeDataString("{ instrumentation:name = \"kafka-metrics-gen-synthetic\" } | count_over_time() by (resource.service.name)") + "&since=5m");
        var status = await http.GetStringAsync("/status");

        Assert.Equal(0, await run);
        Assert.True(ready, "/ready never answered 200");
        Assert.True(metricsMoved, "/metrics never showed received spans");
        Assert.True(traceql, "the TraceQL metrics API never saw the frontend service");
        Assert.True(events, "no exception event of the payments or inventory service reached the TraceQL metrics API: " + eventsBody);
        Assert.Contains("frontend", scopes, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"RUNNING\"", status, StringComparison.Ordinal);
        var text = output.ToString();
        Assert.Contains("Service graph", text, StringComparison.Ordinal);
        Assert.Matches(@"frontend\s+checkout", text);
        Assert.Matches(@"inventory\s+inventory-db\s+database", text);
        Assert.Matches(@"checkout\s+fulfillment\s+messaging_system", text);
        Assert.Contains("RED per operation", text, StringComparison.Ordinal);
        Assert.Matches(@"payments\s+POST /api/charge\s+\d+", text);

        // Every trace's root is a frontend server span without a client: its user edge is counted once its wait is
        // over, after the span metrics, and the report waits for it.
        var roots = Regex.Match(text, @"frontend\s+GET /checkout\s+(\d+)");
        var userEdges = Regex.Match(text, @"user\s+frontend\s+\S+\s+(\d+)");
        Assert.True(roots.Success && userEdges.Success, text);
        Assert.Equal(roots.Groups[1].Value, userEdges.Groups[1].Value);
    }

    [Fact]
    public void Quantiles_interpolate_linearly_inside_a_classic_bucket()
    {
        (double, double)[] buckets = [(0.1, 50), (0.2, 100), (double.PositiveInfinity, 100)];

        Assert.Equal(0.1, DemoReport.Quantile(buckets, 0.5), 6);
        Assert.Equal(0.19, DemoReport.Quantile(buckets, 0.95), 6);
    }


}
