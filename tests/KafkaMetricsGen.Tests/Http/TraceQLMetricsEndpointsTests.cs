using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.Wire.Tempo;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Tests.Http;

public sealed partial class TraceQLMetricsEndpointsTests : IAsyncLifetime
{
    private const ulong Second = 1_000_000_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_010);
    private static readonly ulong NowNano = 1_700_000_010UL * Second;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tqlhttp-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Now);
    private readonly HttpClient _http = new();
    private readonly List<IAsyncDisposable> _servers = [];
    private readonly List<IDisposable> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _servers)
        {
            await s.DisposeAsync();
        }

        foreach (var s in _stores)
        {
            s.Dispose();
        }

        _http.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Starts one instance holding spans [from, to) for tenant "acme" (and one decoy span for tenant "other").</summary>
    private Task<string> StartInstance(string name, int from, int to, params Uri[] peers) => StartInstance(name, from, to, "acme", peers);

    private Task<string> StartInstance(string name, int from, int to, string tenant, params Uri[] peers) =>
        StartInstance(name, from, to, tenant, QueryRangeDefaults.MaxExemplars, peers);

    private async Task<string> StartInstance(string name, int from, int to, string tenant, int maxExemplars, params Uri[] peers)
    {
        var tenants = new LocalBlocksTenants(new LocalBlocksOptions { Path = Path.Combine(_dir, name) }, _time);
        _stores.Add(tenants);
        tenants.GetOrCreate(tenant).PushSpans(SpanBatchFactory.From(Traces(from, to), tenant));
        tenants.GetOrCreate("other").PushSpans(SpanBatchFactory.From(Traces(0, 1), "other"));
        var options = new TraceQLMetricsOptions { MaxExemplars = maxExemplars };
        foreach (var p in peers)
        {
            options.Peers.Add(p);
        }

        var service = new TraceQLMetricsQueryService(tenants, options, _time, new HttpMetricsPeerClient(_http));
        var server = await WorkerHttpServer.StartAsync("127.0.0.1:0", app => TraceQLMetricsEndpoints.Map(app, service));
        _servers.Add(server);
        return server.Address;
    }

    private static TracesData Traces(int from, int to)
    {
        var data = new TracesData();
        for (var i = from; i < to; i++)
        {
            var rs = new ResourceSpans { Resource = new Resource() };
            rs.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "svc" + (i % 3) } });
            var ss = new ScopeSpans();
            var start = NowNano - (ulong)(i % 40 + 1) * 7 * Second;
            var traceId = new byte[16];
            traceId[15] = (byte)(i + 1);
            traceId[0] = 1;
            ss.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(traceId),
                SpanId = ByteString.CopyFrom([0, 0, 0, 0, 0, 0, (byte)(i >> 8), (byte)(i + 1)]),
                Kind = Span.Types.SpanKind.Server,
                Name = "op" + (i % 2),
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + (ulong)(i * 7919 % 1_000_000 + 3),
                Status = new Status { Code = i % 4 == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Ok },
            });
            rs.ScopeSpans.Add(ss);
            data.ResourceSpans.Add(rs);
        }

        return data;
    }

    private async Task<HttpResponseMessage> Get(string address, string path, string? tenant = "acme", bool protobuf = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address + path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Scope-OrgID", tenant);
        }

        if (protobuf)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/protobuf"));
        }

        return await _http.SendAsync(request);
    }

    private static string Range(string q, string extra = "") =>
        "/api/metrics/query_range?q=" + Uri.EscapeDataString(q) + "&since=10m&step=30s" + extra;

    [Theory]
    [InlineData("{} | rate() by (resource.service.name)")]
    [InlineData("{ status = error } | count_over_time() by (name)")]
    [InlineData("{} | quantile_over_time(duration, .5, .99) by (resource.service.name)")]
    [InlineData("{} | avg_over_time(duration)")]
    [InlineData("({ status = error } | count_over_time() by (resource.service.name)) / ({ } | count_over_time()) * 100 > 2")]
    public async Task Two_instances_each_with_half_answer_as_one_instance_with_all(string q)
    {
        var single = await StartInstance("single", 0, 200);
        var b = await StartInstance("b", 100, 200);
        var a = await StartInstance("a", 0, 100, new Uri(b));
        var expected = QueryRangeResponse.Parser.ParseFrom(await (await Get(single, Range(q), protobuf: true)).Content.ReadAsByteArrayAsync());
        var merged = QueryRangeResponse.Parser.ParseFrom(await (await Get(a, Range(q), protobuf: true)).Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(expected.Series);
        Assert.Equal(PartialStatus.Complete, merged.Status);
        Assert.Equal(expected.Series.Count, merged.Series.Count);
        for (var i = 0; i < expected.Series.Count; i++)
        {
            Assert.Equal(expected.Series[i].Labels, merged.Series[i].Labels);
            Assert.Equal(expected.Series[i].Samples.Select(s => s.TimestampMs), merged.Series[i].Samples.Select(s => s.TimestampMs));
            Assert.Equal(expected.Series[i].Samples.Select(s => s.Value), merged.Series[i].Samples.Select(s => s.Value),
                (x, y) => Math.Abs(x - y) <= Math.Abs(x) * 1e-12);
        }
    }

    [Fact]
    public async Task Query_range_answers_tempo_json_for_the_tenant_in_the_header()
    {
        var address = await StartInstance("json", 0, 30);
        var response = await Get(address, Range("{} | count_over_time() by (resource.service.name)"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var series = json.RootElement.GetProperty("series");
        Assert.Equal(3, series.GetArrayLength());
        var first = series[0];
        Assert.Equal("resource.service.name", first.GetProperty("labels")[0].GetProperty("key").GetString());
        Assert.Equal("svc0", first.GetProperty("labels")[0].GetProperty("value").GetProperty("stringValue").GetString());
        Assert.Equal(JsonValueKind.String, first.GetProperty("samples")[0].GetProperty("timestampMs").ValueKind);
        var total = series.EnumerateArray().SelectMany(s => s.GetProperty("samples").EnumerateArray())
            .Sum(s => s.TryGetProperty("value", out var v) ? v.GetDouble() : 0);
        Assert.Equal(30, total);
        Assert.Equal("30", json.RootElement.GetProperty("metrics").GetProperty("inspectedSpans").GetString());
    }

    [Fact]
    public async Task Without_a_tenant_header_the_tenant_is_single_tenant()
    {
        var address = await StartInstance("notenant", 0, 10, "single-tenant");
        var response = await Get(address, Range("{} | count_over_time()"), tenant: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"inspectedSpans\": \"10\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var acme = await Get(address, Range("{} | count_over_time()"), tenant: "acme");
        Assert.Equal("{ \"metrics\": { \"completedJobs\": 1, \"totalJobs\": 1 } }", await acme.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Instant_query_answers_one_value_per_series()
    {
        var address = await StartInstance("instant", 0, 30);
        var response = await Get(address, "/api/metrics/query?q=" + Uri.EscapeDataString("{} | count_over_time()") + "&since=10m", protobuf: true);
        var body = QueryInstantResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        var series = Assert.Single(body.Series);
        Assert.Equal(30, series.Value);
        Assert.Equal("__name__", series.Labels[0].Key);
        Assert.Equal("count_over_time", series.Labels[0].Value.StringValue);
    }

    [Theory]
    [InlineData("{ .a = } | rate()", "", "parse error at line 1, col 8: unexpected '}', expected a value")]
    [InlineData("{} | rate()", "&step=0", "invalid step: must be greater than 0")]
    [InlineData("{ .a =~ \"(x)\\\\1\" } | rate()", "", "invalid query: invalid regular expression '(x)\\1': backreference '\\1' is not supported")]
    [InlineData("{ .a !~ \"x(?=y)\" } | rate()", "", "invalid query: invalid regular expression 'x(?=y)': lookaround '(?=' is not supported")]
    [InlineData("{} | rate()", "&start=1699990000", "time range must be within last 1h0m0s")]
    public async Task Bad_requests_are_400_with_the_reason(string q, string extra, string message)
    {
        var address = await StartInstance("bad", 0, 1);
        var response = await Get(address, "/api/metrics/query_range?q=" + Uri.EscapeDataString(q) + extra);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_is_down_marks_the_answer_partial()
    {
        var address = await StartInstance("lonely", 0, 10, new Uri("http://127.0.0.1:1/"));
        using var json = JsonDocument.Parse(await (await Get(address, Range("{} | count_over_time()"))).Content.ReadAsStringAsync());
        Assert.Equal("PARTIAL", json.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("peer http://127.0.0.1:1/ failed", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
