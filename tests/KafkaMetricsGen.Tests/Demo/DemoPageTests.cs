using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Browser;
using KafkaMetricsGen.TestKit.Prometheus;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Demo;

/// <summary>
/// The demo page in a real browser: a running demo (embedded broker, synthetic traces, the worker) serves the page
/// and its JSON, headless Chromium loads it, and the DOM it drew is checked; the screenshot is kept as an artifact.
/// </summary>
[Collection(KafkaMetricsGen.Tests.KafkaCollection.Name)]
public sealed partial class DemoPageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PageBudget = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task The_demo_page_draws_the_live_service_graph_the_RED_table_and_a_TraceQL_chart_in_a_real_browser_from_the_JSON_it_serves()
    {
        var port = Loopback.FreePort();
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var demo = new DemoRunner(
            new DemoOptions { TracesPerSecond = 20, CollectionInterval = TimeSpan.FromSeconds(2), SummaryInterval = TimeSpan.FromSeconds(5), Partitions = 2, HttpAddress = $"127.0.0.1:{port}" },
            TextWriter.Synchronized(output),
            NullLoggerFactory.Instance);
        var run = demo.RunAsync(stop.Token);
        var page = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = page, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            // The page shows rates, which need two closed windows per series, and a chart, which needs a few steps. The
            // user → frontend edge comes last: a root span's virtual client edge is written once its wait expires.
            Assert.True(await Loopback.PollAsync(async () => EdgesWithTraffic(await http.GetStringAsync(HttpPaths.DemoServiceGraph)) is { Count: >= 6 } e && e.Contains("user"), Patience), "the service graph never had 6 edges with traffic and latency, one from user");
            Assert.True(await Loopback.PollAsync(async () => ChartPoints(await http.GetStringAsync(TraceQLChartQuery)) >= 4, Patience), "the TraceQL API never had 4 steps of data");

            var dom = await HeadlessChromium.DumpDomAsync(page, PageBudget);
            await HeadlessChromium.ScreenshotAsync(page, PageBudget, TestArtifacts.PathOf("demo-page.png"), 1400, 1000);

            Assert.Contains($"demo page: http://127.0.0.1:{port}/", output.ToString(), StringComparison.Ordinal);
            var nodes = Elements(dom, "g", "node");
            Assert.Contains(nodes, n => n["data-id"] == "user" && n["class"].Contains("client", StringComparison.Ordinal));
            foreach (var service in (string[])["user", "frontend", "checkout", "payments", "inventory", "inventory-db", "fulfillment"])
            {
                Assert.True(nodes.Any(n => n["data-id"] == service && Number(n["data-rate"]) > 0), $"no node {service} with a request rate in:\n{dom}");
            }

            var edges = Elements(dom, "g", "edge");
            Assert.Contains(edges, e => e["data-source"] == "user" && e["data-target"] == "frontend" && Number(e["data-rate"]) > 0);
            Assert.Contains(edges, e => e["data-source"] == "checkout" && e["data-target"] == "fulfillment" && e["class"].Contains("messaging_system", StringComparison.Ordinal));
            Assert.True(edges.Count >= 5 && edges.All(e => Number(e["data-rate"]) > 0 && Number(e["data-latency-ms"]) > 0), "edges without rate or latency: " + string.Join("; ", edges.Select(e => string.Join(" ", e.Select(a => a.Key + "=" + a.Value)))));
            Assert.Matches(@"\d+\.\d+ req/s · \d+(\.\d)?% err", dom);
            Assert.Contains(">calls only<", dom, StringComparison.Ordinal);

            var rows = Elements(dom, "tr", "red-row");
            Assert.Contains(rows, r => r["data-service"] == "payments" && Number(r["data-rate"]) > 0);
            Assert.True(rows.Count >= 5 && rows.All(r => Number(r["data-rate"]) > 0), "RED rows without traffic:\n" + dom);
            Assert.Matches(@"POST /api/charge</td><td class=""num"">\d", dom);

            var chart = Elements(dom, "svg", "").Single(e => e.GetValueOrDefault("id") == "traceql-chart");
            Assert.True(Number(chart["data-series"]) >= 4, "the TraceQL chart has fewer than 4 series");
            var lines = Elements(dom, "path", "series");
            Assert.True(lines.Count >= 4 && lines.All(l => Number(l["data-points"]) >= 2 && l["d"].Contains('L', StringComparison.Ordinal)), "the TraceQL chart drew no lines:\n" + dom);
            Assert.Contains(lines, l => l["data-name"] == "checkout");

            using var pageResponse = await http.GetAsync(HttpPaths.DemoPage);
            Assert.Equal("text/html", pageResponse.Content.Headers.ContentType?.MediaType);
            var html = await pageResponse.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(@"(src|href|url)=?\(?[""']?(https?:)?//", html);
            Assert.DoesNotContain("@import", html, StringComparison.Ordinal);

            using var graph = JsonDocument.Parse(await http.GetStringAsync(HttpPaths.DemoServiceGraph));
            Assert.True(graph.RootElement.GetProperty("windowSeconds").GetDouble() > 0);
            var user = graph.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "user");
            Assert.Equal(DemoNode.Client, user.GetProperty("role").GetString());
            using var red = JsonDocument.Parse(await http.GetStringAsync(HttpPaths.DemoRed));
            var charge = red.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("operation").GetString() == "POST /api/charge");
            Assert.Equal("payments", charge.GetProperty("service").GetString());
            Assert.True(charge.GetProperty("p95LatencyMs").GetDouble() >= charge.GetProperty("p50LatencyMs").GetDouble());
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }
    }

    [Fact]
    public async Task With_remote_write_the_page_still_shows_the_windows_the_demo_sends()
    {
        await using var endpoint = await RecordingRemoteWriteEndpoint.StartAsync();
        var port = Loopback.FreePort();
        using var stop = new CancellationTokenSource();
        var demo = new DemoRunner(
            new DemoOptions { TracesPerSecond = 10, CollectionInterval = TimeSpan.FromSeconds(2), Partitions = 1, HttpAddress = $"127.0.0.1:{port}", RemoteWrite = endpoint.Url },
            TextWriter.Null,
            NullLoggerFactory.Instance);
        var run = demo.RunAsync(stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            Assert.True(await Loopback.PollAsync(async () => EdgesWithTraffic(await http.GetStringAsync(HttpPaths.DemoServiceGraph)).Count >= 3, Patience), "the page's service graph stayed empty while remote-writing");
            Assert.NotEmpty(endpoint.Writes);
            // The local sink counts beside remote write: the progress lines and the wait for the last windows read it.
            Assert.NotEmpty(demo.LocalSink.Samples(DemoRunner.Tenant));
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }
    }

    private static string TraceQLChartQuery =>
        "/api/metrics/query_range?q=" + Uri.EscapeDataString("{kind=server} | rate() by (resource.service.name)") + "&since=2m&step=5s";

    /// <summary>The sources of the edges with a request rate and a mean latency.</summary>
    private static List<string> EdgesWithTraffic(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("edges").EnumerateArray()
            .Where(e => e.GetProperty("requestsPerSecond").GetDouble() > 0 && e.GetProperty("meanLatencyMs").ValueKind == JsonValueKind.Number)
            .Select(e => e.GetProperty("source").GetString()!).ToList();
    }

    private static int ChartPoints(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("series", out var series)
            ? series.EnumerateArray().Select(s => s.TryGetProperty("samples", out var samples) ? samples.GetArrayLength() : 0).DefaultIfEmpty(0).Min()
            : 0;
    }

    /// <summary>The attributes of every <paramref name="tag"/> element whose class list starts with <paramref name="cssClass"/>.</summary>
    private static List<Dictionary<string, string>> Elements(string dom, string tag, string cssClass) =>
        Regex.Matches(dom, "<" + tag + @"\s[^>]*>")
            .Select(m => AttributePattern().Matches(m.Value).ToDictionary(a => a.Groups[1].Value, a => WebUtility.HtmlDecode(a.Groups[2].Value), StringComparer.Ordinal))
            .Where(a => a.GetValueOrDefault("class", "").StartsWith(cssClass, StringComparison.Ordinal))
            .ToList();

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    [GeneratedRegex(@"([\w-]+)=""([^""]*)""")]
    private static partial Regex AttributePattern();


}
