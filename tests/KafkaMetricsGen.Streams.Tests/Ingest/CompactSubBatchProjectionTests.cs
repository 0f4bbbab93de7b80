using System.Text;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.TestKit;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// A sub-batch written with what service graphs read (<see cref="ServiceGraphsProcessor.Reads"/>) is smaller and gives
/// the same edges as one written whole, for every setting that makes the processor read more of a span.
/// </summary>
public sealed class CompactSubBatchProjectionTests
{
    private const ulong End = 1_700_000_000_000_000_000UL;

    public static TheoryData<string> Settings() => [.. Configurations.Keys];

    private static readonly Dictionary<string, Func<ServiceGraphsOptions>> Configurations = new()
    {
        ["defaults"] = () => new ServiceGraphsOptions(),
        ["dimensions on span and resource"] = () => new ServiceGraphsOptions { Dimensions = ["http.method", "deployment.environment", "db.system", "messaging.system"], EnableClientServerPrefix = true },
        ["peer and database attributes"] = () => new ServiceGraphsOptions { PeerAttributes = ["server.address", "messaging.destination.name"], DatabaseNameAttributes = ["db.name"], EnableVirtualNodeLabel = true },
        ["filter policies"] = () => new ServiceGraphsOptions
        {
            FilterPolicies =
            [
                new() { Include = Match(MatchTypes.Regex, "name", "(GET|POST) .*|orders .*|SELECT .*") },
                new() { Exclude = Match(MatchTypes.Strict, "resource.service.name", "payments") },
                new() { Exclude = Match(MatchTypes.Strict, "span.http.route", "/api/stock") },
            ],
        },
        ["span multiplier attribute"] = () => new ServiceGraphsOptions { SpanMultiplierKey = "sampling.ratio" },
        ["trace state multiplier"] = () => new ServiceGraphsOptions { EnableTracestateSpanMultiplier = true, EnableMessagingSystemLatencyHistogram = true },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Service_graphs_see_the_same_edges_in_the_projection_as_in_the_whole_spans(string setting)
    {
        var options = Configurations[setting]();
        var batch = SpanBatchFactory.From(Traces(), "tenant-x");
        var selected = Enumerable.Range(0, batch.SpanCount).Where(i => ServiceGraphsProcessor.Reads(batch.Span(i).Kind)).ToArray();
        var projection = ServiceGraphsProcessor.Reads(options);

        var whole = Encode(batch, selected, SpanProjection.Everything);
        var projected = Encode(batch, selected, projection);

        Assert.True(projected.Length < whole.Length * 0.75, $"{projected.Length} bytes projected against {whole.Length} whole");
        var expected = Edges(options, whole);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Edges(options, projected));
    }

    [Fact]
    public void Keeps_only_the_attributes_and_strings_asked_for_and_every_id_time_and_status_but_not_sizes()
    {
        var batch = SpanBatchFactory.From(Traces(), "tenant-x");
        var spans = Enumerable.Range(0, batch.SpanCount).ToArray();
        var projection = SpanProjection.Of([Encoding.UTF8.GetBytes("service.name"), Encoding.UTF8.GetBytes("db.name")], name: false, traceState: true);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(Encode(batch, spans, projection), read);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(batch.SpanCount, read.SpanCount);
        for (var i = 0; i < spans.Length; i++)
        {
            ref readonly var sent = ref batch.Span(i);
            ref readonly var got = ref read.Span(i);
            Assert.Equal((sent.TraceId, sent.SpanId, sent.ParentSpanId, sent.Kind, sent.StatusCode), (got.TraceId, got.SpanId, got.ParentSpanId, got.Kind, got.StatusCode));
            Assert.Equal((sent.StartTimeUnixNano, sent.EndTimeUnixNano, 0), (got.StartTimeUnixNano, got.EndTimeUnixNano, got.EncodedSize));
            Assert.Equal(batch.String(sent.TraceState), read.String(got.TraceState));
            Assert.True(got.Name.IsEmpty && got.StatusMessage.IsEmpty);
            Assert.Equal(0, got.EventCount + got.LinkCount);
            Assert.Equal(Kept(batch, batch.SpanAttributes(sent), "db.name"), Kept(read, read.SpanAttributes(got), "db.name"));
            Assert.Equal(Kept(batch, batch.ResourceAttributes(sent.ResourceIndex), "service.name"), Kept(read, read.ResourceAttributes(got.ResourceIndex), "service.name"));
        }

        Assert.Equal(0, read.ScopeAttributes(read.Scope(0)).Length);
    }

    [Fact]
    public void Measures_at_least_what_a_projection_writes()
    {
        var batch = SpanBatchFactory.From(Traces(), "tenant-x");
        var spans = Enumerable.Range(0, batch.SpanCount).ToArray();
        var projection = ServiceGraphsProcessor.Reads(new ServiceGraphsOptions());
        var destination = new byte[CompactSubBatch.Measure(batch, spans, projection)];

        var written = CompactSubBatch.Write(batch, spans, destination, projection);

        Assert.InRange(written, 1, destination.Length);
        Assert.True(destination.Length < CompactSubBatch.Measure(batch, spans), "the projection measures less than the whole spans");
    }

    [Fact]
    public void Everything_is_what_a_writer_without_a_projection_writes()
    {
        var batch = SpanBatchFactory.From(Traces(), "tenant-x");
        var spans = Enumerable.Range(0, batch.SpanCount).ToArray();
        var destination = new byte[CompactSubBatch.Measure(batch, spans)];

        var written = CompactSubBatch.Write(batch, spans, destination);

        Assert.Equal(destination.AsSpan(0, written).ToArray(), Encode(batch, spans, SpanProjection.Everything));
    }

    [Fact]
    public void Service_graphs_read_what_their_settings_name()
    {
        var options = new ServiceGraphsOptions
        {
            Dimensions = ["k8s.cluster"],
            PeerAttributes = ["peer.x"],
            DatabaseNameAttributes = ["db.x"],
            SpanMultiplierKey = "ratio",
            FilterPolicies = [new() { Include = Match(MatchTypes.Strict, "resource.team", "a") }],
        };

        var projection = ServiceGraphsProcessor.Reads(options);

        foreach (var key in new[] { "service.name", "k8s.cluster", "peer.x", "db.x", "ratio", "team", "server.address", "network.peer.address", "network.peer.port", "peer.service" })
        {
            Assert.True(projection.Keeps(Encoding.UTF8.GetBytes(key)), key);
        }

        Assert.False(projection.Keeps("http.route"u8));
        Assert.False(projection.Name || projection.TraceState || projection.Details);
        options.FilterPolicies = [new() { Include = Match(MatchTypes.Strict, "name", "GET") }];
        options.EnableTracestateSpanMultiplier = true;
        Assert.True(ServiceGraphsProcessor.Reads(options) is { Name: true, TraceState: true, Details: false });
    }

    private static byte[] Encode(SpanBatch batch, int[] spans, SpanProjection projection)
    {
        var destination = new byte[CompactSubBatch.Measure(batch, spans, projection)];
        return destination.AsSpan(0, CompactSubBatch.Write(batch, spans, destination, projection)).ToArray();
    }

    private static string[] Kept(SpanBatch batch, ReadOnlySpan<AttributeRef> attributes, string key)
    {
        var kept = new List<string>();
        foreach (ref readonly var a in attributes)
        {
            if (batch.String(a.Key) == key)
            {
                kept.Add(AttributeText.ToLabelValue(batch, a));
            }
        }

        return [.. kept];
    }

    /// <summary>Every observation the processor makes, paired edges and (after the wait) expired ones, as text.</summary>
    private static string[] Edges(ServiceGraphsOptions options, byte[] subBatch)
    {
        var batch = new SpanBatch();
        Assert.True(CompactSubBatch.Read(subBatch, batch).Success);
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds((long)(End / 1_000_000)));
        var registry = new RecordingRegistry("tenant-x");
        var processor = new ServiceGraphsProcessor("tenant-x", options, registry, ServiceGraphsSubProcessors.Request | ServiceGraphsSubProcessors.Latency, null, time);
        processor.PushSpans(batch);
        time.Advance(options.Wait + TimeSpan.FromSeconds(2));
        processor.Expire();
        return [.. registry.Observations.Select(o => o.ToString())];
    }

    private static PolicyMatchOptions Match(string type, string key, string value) =>
        new() { MatchType = type, Attributes = [new() { Key = key, Value = value }] };

    /// <summary>Synthetic traces, some spans with a sampling ratio attribute and a trace state, so the multipliers act.</summary>
    private static TracesData Traces()
    {
        var traces = new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = 7 }).Generate(20, End);
        var n = 0;
        foreach (var span in traces.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            if (n++ % 3 == 0)
            {
                span.Attributes.Add(new KeyValue { Key = "sampling.ratio", Value = new AnyValue { DoubleValue = 0.25 } });
                span.TraceState = "vendor=a,ot=th:8";
            }
        }

        return traces;
    }
}
