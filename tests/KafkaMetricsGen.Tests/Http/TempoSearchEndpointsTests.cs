using System.Net;
using System.Text.Json;
using Google.Protobuf;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.TestKit;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Tests.Http;

/// <summary>
/// The requests Grafana's Tempo data source sends, with the query strings it builds (the frontend's serializeParams order
/// for search and tag lookups, Go's sorted url.Values for the backend's metrics queries), against a running server.
/// </summary>
public sealed partial class TempoSearchEndpointsTests : IAsyncLifetime
{
    private const ulong Second = 1_000_000_000;
    private const long NowSeconds = 1_700_000_010;
    private static readonly ulong NowNano = (ulong)NowSeconds * Second;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "temposearch-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(NowSeconds));
    private readonly HttpClient _http = new();
    private LocalBlocksTenants? _tenants;
    private WorkerHttpServer? _server;

    private string Address => _server!.Address;

    public async Task InitializeAsync()
    {
        _tenants = new LocalBlocksTenants(new LocalBlocksOptions { Path = _dir }, _time);
        _tenants.GetOrCreate("acme").PushSpans(SpanBatchFactory.From(Traces(), "acme"));
        var metrics = new TraceQLMetricsQueryService(_tenants, new TraceQLMetricsOptions(), _time);
        _server = await WorkerHttpServer.StartAsync("127.0.0.1:0", app =>
        {
            TraceQLMetricsEndpoints.Map(app, metrics);
            TempoStatusEndpoints.Map(app);
            TempoSearchEndpoints.Map(app, _tenants);
        });
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _tenants!.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// Ten traces, one a second before now: a checkout server root (GET /cart, error in every third) with a server child
    /// in service "db" (local blocks keep server spans only, by default).
    /// </summary>
    private static TracesData Traces()
    {
        var data = new TracesData();
        for (var i = 0; i < 10; i++)
        {
            var traceId = new byte[16];
            traceId[15] = (byte)(i + 1);
            var start = NowNano - (ulong)(10 - i) * Second;
            data.ResourceSpans.Add(Resource("checkout", new Span
            {
                TraceId = ByteString.CopyFrom(traceId),
                SpanId = ByteString.CopyFrom([0, 0, 0, 0, 0, 0, 1, (byte)(i + 1)]),
                Kind = Span.Types.SpanKind.Server,
                Name = "GET /cart",
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + 300_000_000,
                Status = new Status { Code = i % 3 == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Ok },
                Attributes = { new KeyValue { Key = "http.route", Value = new AnyValue { StringValue = "/cart" } } },
            }));
            data.ResourceSpans.Add(Resource("db", new Span
            {
                TraceId = ByteString.CopyFrom(traceId),
                SpanId = ByteString.CopyFrom([0, 0, 0, 0, 0, 0, 2, (byte)(i + 1)]),
                ParentSpanId = ByteString.CopyFrom([0, 0, 0, 0, 0, 0, 1, (byte)(i + 1)]),
                Kind = Span.Types.SpanKind.Server,
                Name = "SELECT",
                StartTimeUnixNano = start + 10_000_000,
                EndTimeUnixNano = start + 110_000_000,
                Attributes = { new KeyValue { Key = "db.system", Value = new AnyValue { StringValue = "postgresql" } } },
                Events =
                {
                    new Span.Types.Event { Name = "query", TimeUnixNano = start + 20_000_000, Attributes = { Str("db.rows", i % 2 == 0 ? "even" : "odd") } },
                    new Span.Types.Event { Name = "fetch", TimeUnixNano = start + 30_000_000, Attributes = { Str("db.rows", "last") } },
                },
                Links = { new Span.Types.Link { TraceId = ByteString.CopyFrom(traceId), SpanId = ByteString.CopyFrom([0, 0, 0, 0, 0, 0, 1, (byte)(i + 1)]), Attributes = { Str("link.kind", "parent") } } },
            }, new InstrumentationScope { Name = "pgx", Version = "5.1", Attributes = { Str("otel.scope.kind", "driver") } }));
        }

        return data;
    }

    private static ResourceSpans Resource(string service, Span span, InstrumentationScope? scope = null)
    {
        var rs = new ResourceSpans { Resource = new Resource() };
        rs.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
        rs.ScopeSpans.Add(new ScopeSpans { Scope = scope, Spans = { span } });
        return rs;
    }

    private static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private async Task<(HttpStatusCode Status, string Body)> Get(string pathAndQuery, string? tenant = "acme")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Address + pathAndQuery);
        if (tenant is not null)
        {
            request.Headers.Add("X-Scope-OrgID", tenant);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> GetJson(string pathAndQuery, string? tenant = "acme")
    {
        var (status, body) = await Get(pathAndQuery, tenant);
        Assert.True(status == HttpStatusCode.OK, $"{pathAndQuery}: {(int)status} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Save_and_test_gets_echo()
    {
        var (status, body) = await Get("/api/echo", tenant: null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("echo\n", body);
    }

    [Fact]
    public async Task Build_info_names_the_tempo_api_version()
    {
        var info = await GetJson("/api/status/buildinfo", tenant: null);
        Assert.Equal("2.10.8", info.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(info.GetProperty("revision").GetString()));
        Assert.Equal(JsonValueKind.String, info.GetProperty("goVersion").ValueKind);
    }

    [Fact]
    public async Task Editor_start_lists_tags_by_scope()
    {
        var scopes = (await GetJson("/api/v2/search/tags?limit=5000")).GetProperty("scopes");
        var byName = scopes.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => Strings(s.GetProperty("tags")));
        Assert.Equal(["span", "resource", "event", "link", "instrumentation", "intrinsic"], byName.Keys);
        Assert.Equal(["db.system", "http.route"], byName["span"]);
        Assert.Equal(["service.name"], byName["resource"]);
        Assert.Equal(["db.rows"], byName["event"]);
        Assert.Equal(["link.kind"], byName["link"]);
        Assert.Equal(["otel.scope.kind"], byName["instrumentation"]);
        Assert.Contains("name", byName["intrinsic"]);
        Assert.Contains("trace:rootService", byName["intrinsic"]);
    }

    [Fact]
    public async Task Tags_with_the_time_range_setting_and_a_scope_are_narrowed()
    {
        // Grafana adds start/end (seconds) when the data source's tag time range is set.
        var scopes = (await GetJson($"/api/v2/search/tags?limit=5000&start={NowSeconds - 3}&end={NowSeconds}&scope=span")).GetProperty("scopes");
        var span = Assert.Single(scopes.EnumerateArray());
        Assert.Equal("span", span.GetProperty("name").GetString());
        Assert.Equal(["db.system", "http.route"], Strings(span.GetProperty("tags")));
        var early = (await GetJson($"/api/v2/search/tags?limit=5000&start={NowSeconds - 600}&end={NowSeconds - 300}&scope=span")).GetProperty("scopes");
        Assert.False(early[0].TryGetProperty("tags", out _));
    }

    [Theory]
    [InlineData("event", "db.rows")]
    [InlineData("link", "link.kind")]
    [InlineData("instrumentation", "otel.scope.kind")]
    public async Task Tags_of_the_event_link_and_instrumentation_scopes_are_listed(string scope, string tag)
    {
        var scopes = (await GetJson($"/api/v2/search/tags?limit=5000&scope={scope}")).GetProperty("scopes");
        var only = Assert.Single(scopes.EnumerateArray());
        Assert.Equal(scope, only.GetProperty("name").GetString());
        Assert.Equal([tag], Strings(only.GetProperty("tags")));
        var q = Uri.EscapeDataString("{resource.service.name=\"checkout\"}");
        var none = (await GetJson($"/api/v2/search/tags?limit=5000&scope={scope}&q={q}")).GetProperty("scopes");
        Assert.False(none[0].TryGetProperty("tags", out _));
    }

    [Theory]
    [InlineData("event.db.rows", new[] { "even", "last", "odd" })]
    [InlineData("link.link.kind", new[] { "parent" })]
    [InlineData("instrumentation.otel.scope.kind", new[] { "driver" })]
    [InlineData("event:name", new[] { "fetch", "query" })]
    [InlineData("instrumentation:name", new[] { "pgx" })]
    public async Task Tag_values_of_event_link_and_instrumentation_fields_are_listed(string tag, string[] expected)
    {
        var values = await GetJson($"/api/v2/search/tag/{tag}/values?limit=5000");
        Assert.Equal(expected, values.GetProperty("tagValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task Tag_values_follow_the_other_filters_in_q()
    {
        var all = await GetJson("/api/v2/search/tag/resource.service.name/values?limit=5000&q=%7B%7D");
        Assert.Equal(["checkout", "db"], all.GetProperty("tagValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.All(all.GetProperty("tagValues").EnumerateArray(), v => Assert.Equal("string", v.GetProperty("type").GetString()));

        var q = Uri.EscapeDataString("{span.db.system=\"postgresql\"}");
        var narrowed = await GetJson("/api/v2/search/tag/resource.service.name/values?limit=5000&q=" + q);
        Assert.Equal(["db"], narrowed.GetProperty("tagValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task Tag_values_of_intrinsics_are_keywords_and_a_half_typed_q_narrows_nothing()
    {
        var status = await GetJson("/api/v2/search/tag/status/values?limit=5000&q=" + Uri.EscapeDataString("{resource.service.name=\"checkout\" && }"));
        Assert.Equal(["error", "ok", "unset"], status.GetProperty("tagValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.All(status.GetProperty("tagValues").EnumerateArray(), v => Assert.Equal("keyword", v.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_tag_encoded_twice_by_grafana_is_read_once_decoded()
    {
        // encodeURIComponent(encodeURIComponent("span.http.route")) leaves dots alone; a slash arrives as %252F.
        var values = await GetJson("/api/v2/search/tag/span.http.route/values?limit=5000");
        Assert.Equal(["/cart"], values.GetProperty("tagValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        var (status, body) = await Get("/api/v2/search/tag/span.a%252Fb/values?limit=5000");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("tagValues", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1_tags_and_values_are_plain_names()
    {
        var tags = await GetJson("/api/search/tags");
        Assert.Equal(["db.system", "http.route", "service.name"], Strings(tags.GetProperty("tagNames")));
        var values = await GetJson("/api/search/tag/service.name/values");
        Assert.Equal(["checkout", "db"], Strings(values.GetProperty("tagValues")));
    }

    [Fact]
    public async Task Traceql_search_answers_tempo_trace_metadata_most_recent_first()
    {
        var q = Uri.EscapeDataString("{resource.service.name=\"db\"}");
        var json = await GetJson($"/api/search?q={q}&limit=3&spss=3&start={NowSeconds - 600}&end={NowSeconds}");
        var traces = json.GetProperty("traces");
        Assert.Equal(3, traces.GetArrayLength());
        var first = traces[0];
        Assert.Equal("a", first.GetProperty("traceID").GetString());
        Assert.Equal("checkout", first.GetProperty("rootServiceName").GetString());
        Assert.Equal("GET /cart", first.GetProperty("rootTraceName").GetString());
        Assert.Equal(((NowSeconds - 1) * 1_000_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("startTimeUnixNano").GetString());
        Assert.Equal(300, first.GetProperty("durationMs").GetInt32());
        var set = first.GetProperty("spanSets")[0];
        Assert.Equal(1, set.GetProperty("matched").GetInt32());
        var span = set.GetProperty("spans")[0];
        Assert.Equal("000000000000020a", span.GetProperty("spanID").GetString());
        Assert.Equal("100000000", span.GetProperty("durationNanos").GetString());
        var attribute = span.GetProperty("attributes")[0];
        Assert.Equal("service.name", attribute.GetProperty("key").GetString());
        Assert.Equal("db", attribute.GetProperty("value").GetProperty("stringValue").GetString());
        var stats = first.GetProperty("serviceStats");
        Assert.Equal(1, stats.GetProperty("checkout").GetProperty("spanCount").GetInt32());
        Assert.Equal(1, stats.GetProperty("checkout").GetProperty("errorCount").GetInt32());
        Assert.Equal(["9", "8"], traces.EnumerateArray().Skip(1).Select(t => t.GetProperty("traceID").GetString()));
    }

    [Fact]
    public async Task Search_shows_at_most_spss_spans_and_counts_every_match()
    {
        var json = await GetJson($"/api/search?q=%7B%7D&limit=20&spss=1&start={NowSeconds - 600}&end={NowSeconds}");
        Assert.Equal(10, json.GetProperty("traces").GetArrayLength());
        var set = json.GetProperty("traces")[0].GetProperty("spanSets")[0];
        Assert.Equal(2, set.GetProperty("matched").GetInt32());
        Assert.Equal(1, set.GetProperty("spans").GetArrayLength());
    }

    [Fact]
    public async Task Another_tenant_sees_nothing_and_no_header_is_single_tenant()
    {
        var other = await GetJson("/api/search?q=%7B%7D&limit=20&spss=3", tenant: "other");
        Assert.False(other.TryGetProperty("traces", out _));
        var none = await GetJson("/api/v2/search/tag/resource.service.name/values?limit=5000", tenant: null);
        Assert.False(none.TryGetProperty("tagValues", out _));
    }

    [Theory]
    [InlineData("/api/search?q=%7B%7D%20%7C%20rate()", "a search takes a spanset query")]
    [InlineData("/api/search?q=%7B&limit=20", "parse error at line 1")]
    [InlineData("/api/search?limit=0", "invalid limit: must be a positive number")]
    [InlineData("/api/search?start=20&end=10", "http parameter start must be before end")]
    [InlineData("/api/v2/search/tags?scope=parent", "invalid scope: 'parent'")]
    [InlineData("/api/v2/search/tag/%7B/values", "invalid tag '{'")]
    public async Task Bad_parameters_are_400_naming_them(string pathAndQuery, string message)
    {
        var (status, body) = await Get(pathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{} | rate() by (resource.service.name)", "resource.service.name")]
    [InlineData("{resource.service.name=\"checkout\"} | histogram_over_time(duration)", "__bucket")]
    public async Task Grafana_backend_metrics_queries_get_tempo_json(string query, string label)
    {
        // pkg/tsdb/tempo encodes q, start, end, step and exemplars with url.Values: sorted keys, spaces as '+'.
        var q = Uri.EscapeDataString(query).Replace("%20", "+", StringComparison.Ordinal);
        var json = await GetJson($"/api/metrics/query_range?end={NowSeconds}&exemplars=100&q={q}&start={NowSeconds - 600}&step=30s");
        var series = json.GetProperty("series");
        Assert.True(series.GetArrayLength() > 0);
        Assert.Contains(series.EnumerateArray(), s => s.GetProperty("labels").EnumerateArray().Any(l => l.GetProperty("key").GetString() == label));
    }

    [Theory]
    [InlineData("{nestedSetParent<0 && true} | rate() by(resource.service.name)", "checkout", 10)]
    [InlineData("{nestedSetParent<0 && true} | histogram_over_time(duration)", null, 10)]
    [InlineData("{true && nestedSetParent>0} | count_over_time() by(resource.service.name) with(exemplars=5)", "db", 10)]
    [InlineData("{} | rate() by(resource.service.name) with(sample=true)", null, 20)]
    [InlineData("{span:childCount = 1 && nestedSetLeft = 1 && nestedSetRight = 4} | count_over_time() by(resource.service.name)", "checkout", 10)]
    [InlineData("{nestedSetParent = 1 && nestedSetLeft = 2 && nestedSetRight = 3 && span:childCount = 0} | count_over_time() by(resource.service.name)", "db", 10)]
    public async Task Drilldown_panels_root_spans_histograms_and_hints_answer(string query, string? onlyService, int matchedSpans)
    {
        var q = Uri.EscapeDataString(query).Replace("%20", "+", StringComparison.Ordinal);
        var json = await GetJson($"/api/metrics/query_range?end={NowSeconds}&q={q}&start={NowSeconds - 600}&step=30s");
        var series = json.GetProperty("series").EnumerateArray().ToList();
        Assert.NotEmpty(series);
        if (onlyService is not null)
        {
            var single = Assert.Single(series);
            Assert.Equal(onlyService, single.GetProperty("labels")[0].GetProperty("value").GetProperty("stringValue").GetString());
        }

        Assert.Equal("20", json.GetProperty("metrics").GetProperty("inspectedSpans").GetString());
        var total = series.SelectMany(s => s.GetProperty("samples").EnumerateArray()).Sum(s => s.TryGetProperty("value", out var v) ? v.GetDouble() : 0);
        var matched = query.Contains("rate()", StringComparison.Ordinal) ? total * 30 : total;
        Assert.Equal(matchedSpans, matched, 6);
        if (query.Contains("exemplars=5", StringComparison.Ordinal))
        {
            Assert.InRange(series.Sum(s => s.TryGetProperty("exemplars", out var e) ? e.GetArrayLength() : 0), 1, 5);
        }
    }
}
