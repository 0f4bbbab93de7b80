using Google.Protobuf;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.TestKit;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.Core.Tests.Processors.LocalBlocks.LocalBlocksTestData;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace KafkaMetricsGen.Core.Tests.Processors.LocalBlocks;

public sealed class LocalBlocksProcessorTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly ulong NowNano = (ulong)Now.ToUnixTimeMilliseconds() * 1_000_000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lb-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private LocalBlocksOptions Options(bool filterServer = true, long maxBytes = LocalBlocksDefaults.MaxBlockBytes) =>
        new() { Path = _dir, FilterServerSpans = filterServer, MaxBlockBytes = maxBytes };

    private static int Count(IQuerySpanSource source) => source.Chunks(0, ulong.MaxValue).Sum(c => c.Length);

    [Fact]
    public void Keeps_only_server_and_root_spans_by_default()
    {
        using var p = new LocalBlocksProcessor("lb-filter", Options(), _time);
        p.PushSpans(SpanBatchFactory.From(Resource("a",
            Span(1, 1, 0, Kind.Client, NowNano, 10),
            Span(1, 2, 1, Kind.Server, NowNano, 10),
            Span(1, 3, 2, Kind.Client, NowNano, 10),
            Span(1, 4, 2, Kind.Internal, NowNano, 10))));
        var kept = p.Chunks(0, ulong.MaxValue).SelectMany(c => c.ToArray()).Select(s => s.SpanId.Value).Order();
        Assert.Equal([1UL, 2UL], kept);
        Assert.Equal(ProcessorNames.LocalBlocks, p.Name);
    }

    [Fact]
    public void Keeps_every_span_when_the_server_filter_is_off()
    {
        using var p = new LocalBlocksProcessor("lb-nofilter", Options(filterServer: false), _time);
        p.PushSpans(SpanBatchFactory.From(Resource("a", Span(1, 1, 0, Kind.Client, NowNano, 10), Span(1, 3, 1, Kind.Client, NowNano, 10))));
        Assert.Equal(2, Count(p));
    }

    [Fact]
    public void Stores_the_fields_queries_read()
    {
        using var p = new LocalBlocksProcessor("lb-fields", Options(), _time);
        p.PushSpans(SpanBatchFactory.From(Resource("checkout", Span(9, 1, 0, Kind.Server, NowNano, 1500, "GET /", "GET"))));
        var s = p.Chunks(0, ulong.MaxValue)[0].Span[0];
        Assert.Equal(NowNano, s.StartUnixNano);
        Assert.Equal(1500UL, s.DurationNano);
        Assert.Equal("GET /", s.Name);
        Assert.Equal("fine", s.StatusMessage);
        Assert.Equal(Ingest.StatusCode.Ok, s.Status);
        Assert.Equal(StaticValue.OfString("checkout"), FieldReader.Find(s.Resource, "service.name"));
        Assert.Equal(StaticValue.OfString("GET"), FieldReader.Find(s.Attributes, "http.method"));
        Assert.Equal(StaticValue.OfInt(-3), FieldReader.Find(s.Attributes, "retries"));
        Assert.Equal(StaticValue.OfFloat(0.25), FieldReader.Find(s.Attributes, "ratio"));
        Assert.Equal(StaticValue.OfBool(true), FieldReader.Find(s.Attributes, "cached"));
    }

    [Fact]
    public void Stores_the_scope_events_and_links_and_they_survive_a_restart()
    {
        var span = Span(9, 1, 0, Kind.Server, NowNano, 1500);
        span.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = NowNano + 700, Attributes = { new KeyValue { Key = "exception.message", Value = new AnyValue { StringValue = "boom" } } } });
        span.Events.Add(new Span.Types.Event { Name = "early", TimeUnixNano = NowNano - 5 });
        span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = ByteString.CopyFrom(0, 0, 0, 0, 0, 0, 0, 7), Attributes = { new KeyValue { Key = "n", Value = new AnyValue { IntValue = 4 } } } });
        var resource = Resource("checkout", span, Span(9, 2, 0, Kind.Server, NowNano, 10));
        resource.ScopeSpans[0].Scope = new InstrumentationScope { Name = "io.opentelemetry.http", Version = "2.1", Attributes = { new KeyValue { Key = "lang", Value = new AnyValue { StringValue = "go" } } } };
        var options = Options();
        StoredSpan live;
        using (var p = new LocalBlocksProcessor("lb-scopes", options, _time))
        {
            p.PushSpans(SpanBatchFactory.From(resource));
            live = p.Chunks(0, ulong.MaxValue)[0].Span[0];
        }

        using var reopened = new LocalBlocksProcessor("lb-scopes", options, _time);
        var chunk = reopened.Chunks(0, ulong.MaxValue)[0].Span;
        foreach (var s in new[] { live, chunk[0] })
        {
            Assert.Equal(("io.opentelemetry.http", "2.1"), (s.ScopeOrEmpty.Name, s.ScopeOrEmpty.Version));
            Assert.Equal(StaticValue.OfString("go"), FieldReader.Find(s.ScopeOrEmpty.Attributes, "lang"));
            Assert.Equal(["exception", "early"], s.EventsOrEmpty.ToArray().Select(e => e.Name));
            Assert.Equal([NowNano + 700, NowNano - 5], s.EventsOrEmpty.ToArray().Select(e => e.TimeUnixNano));
            Assert.Equal(StaticValue.OfString("boom"), FieldReader.Find(s.EventsOrEmpty[0].Attributes, "exception.message"));
            var link = Assert.Single(s.LinksOrEmpty.ToArray());
            Assert.Equal((s.TraceId, new Ingest.SpanId(7)), (link.TraceId, link.SpanId));
            Assert.Equal(StaticValue.OfInt(4), FieldReader.Find(link.Attributes, "n"));
        }

        Assert.Same(chunk[0].Scope, chunk[1].Scope);
        Assert.True(chunk[1].EventsOrEmpty.IsEmpty);
    }

    [Fact]
    public void Spans_survive_a_restart()
    {
        var options = Options();
        using (var p = new LocalBlocksProcessor("lb-restart", options, _time))
        {
            p.PushSpans(SpanBatchFactory.From(Resource("a", Span(1, 1, 0, Kind.Server, NowNano, 10, "x", "GET"))));
            p.PushSpans(SpanBatchFactory.From(Resource("a", Span(2, 1, 0, Kind.Server, NowNano - 120_000_000_000, 10))));
        }

        using var reopened = new LocalBlocksProcessor("lb-restart", options, _time);
        Assert.Equal(2, Count(reopened));
        Assert.Equal(2, reopened.Store.SegmentCount);
        var s = reopened.Chunks(NowNano, NowNano)[0].Span[0];
        Assert.Equal(StaticValue.OfString("GET"), FieldReader.Find(s.Attributes, "http.method"));
    }

    [Fact]
    public void Segments_older_than_complete_block_timeout_are_dropped_and_counted()
    {
        const string tenant = "lb-retention";
        using var p = new LocalBlocksProcessor(tenant, Options(), _time);
        p.PushSpans(SpanBatchFactory.From(Resource("a", Span(1, 1, 0, Kind.Server, NowNano - 1_800_000_000_000, 10))));
        p.PushSpans(SpanBatchFactory.From(Resource("a", Span(2, 1, 0, Kind.Server, NowNano - 7_200_000_000_000, 10))));
        Assert.Equal(1, Count(p));
        Assert.Equal(1, Dropped(tenant, LocalBlocksDropReasons.Expired));
        _time.Advance(TimeSpan.FromMinutes(32));
        p.Store.EnforceLimits();
        Assert.Equal(0, Count(p));
        Assert.Equal(2, Dropped(tenant, LocalBlocksDropReasons.Expired));
    }

    [Fact]
    public void The_oldest_segments_go_when_the_store_exceeds_max_block_bytes()
    {
        const string tenant = "lb-bytes";
        using var p = new LocalBlocksProcessor(tenant, Options(maxBytes: 300), _time);
        for (ulong i = 0; i < 5; i++)
        {
            p.PushSpans(SpanBatchFactory.From(Resource("a", Span(i + 1, 1, 0, Kind.Server, NowNano - ((5 - i) * 60_000_000_000), 10))));
        }

        Assert.True(p.Store.Bytes <= 300);
        Assert.True(Count(p) is > 0 and < 5);
        Assert.Equal(5 - Count(p), Dropped(tenant, LocalBlocksDropReasons.MaxBlockBytes));
        Assert.Equal(p.Store.Bytes, LocalBlocksMetrics.Bytes.WithLabels(tenant).Value);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(10, 1)]
    public void Max_block_duration_sets_the_width_of_a_store_segment(int minutes, int segments)
    {
        // Two spans three minutes apart, both in the same ten-minute slot: one-minute segments hold them apart.
        var slot = NowNano - (NowNano % 600_000_000_000) - 1_200_000_000_000;
        var options = Options();
        options.MaxBlockDuration = TimeSpan.FromMinutes(minutes);
        using var p = new LocalBlocksProcessor("lb-width-" + minutes, options, _time);
        p.PushSpans(SpanBatchFactory.From(Resource("a", Span(1, 1, 0, Kind.Server, slot + 60_000_000_000, 10))));
        p.PushSpans(SpanBatchFactory.From(Resource("a", Span(2, 1, 0, Kind.Server, slot + 240_000_000_000, 10))));

        Assert.Equal(segments, p.Store.SegmentCount);
        Assert.Equal(2, Count(p));
    }

    [Fact]
    public void Tenants_have_separate_stores()
    {
        using var tenants = new LocalBlocksTenants(Options(), _time);
        tenants.GetOrCreate("lb-t1").PushSpans(SpanBatchFactory.From(Resource("a", Span(1, 1, 0, Kind.Server, NowNano, 10))));
        tenants.GetOrCreate("lb/t2").PushSpans(SpanBatchFactory.From(Resource("a", Span(1, 1, 0, Kind.Server, NowNano, 10)), "lb/t2"));
        Assert.Equal(1, Count(tenants.Find("lb-t1")!));
        Assert.Equal(1, Count(tenants.Find("lb/t2")!));
        Assert.Null(tenants.Find("other"));
        Assert.Equal("t-lb_002ft2", LocalBlocksProcessor.TenantDirectory("lb/t2"));
    }

    [Fact]
    public void Options_validation_names_the_key()
    {
        var e = Assert.Throws<ArgumentException>(() => new LocalBlocksOptions { MaxBlockBytes = 0 }.Validate());
        Assert.StartsWith("metrics_generator.processor.local_blocks.max_block_bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_match_tempo()
    {
        var o = new LocalBlocksOptions();
        Assert.Equal(TimeSpan.FromHours(1), o.CompleteBlockTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), o.MaxBlockDuration);
        Assert.Equal(500_000_000, o.MaxBlockBytes);
        Assert.True(o.FilterServerSpans);
    }

    private static double Dropped(string tenant, string reason) => LocalBlocksMetrics.SpansDropped.WithLabels(tenant, reason).Value;
}
