using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.Core.Processors.Shared.Otlp;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>The rows of Tempo's spanmetrics_test.go and the processor's own rules.</summary>
public partial class SpanMetricsProcessorTests
{
    private const string Calls = SpanMetricsMetricNames.Calls;
    private const string Latency = SpanMetricsMetricNames.Latency;
    private const string Size = SpanMetricsMetricNames.Size;
    private const string TargetInfo = SpanMetricsMetricNames.TargetInfo;

    private static readonly (string, string)[] DefaultLabels =
    [
        ("service", "test-service"), ("span_name", "test"), ("span_kind", "SPAN_KIND_CLIENT"), ("status_code", "STATUS_CODE_OK"),
    ];

    private static SpanMetricsOptions Options(Action<SpanMetricsOptions>? configure = null)
    {
        var options = new SpanMetricsOptions { HistogramBuckets = [0.5, 1] };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Tempo's test.MakeBatch: 10 client spans of exactly 1 s, status OK "OK", on a test-service resource.</summary>
    private static ResourceSpans MakeBatch(int count = 10, KeyValue[]? resource = null, KeyValue[]? spanAttributes = null)
    {
        var spans = Enumerable.Range(0, count).Select(i => Span(start: 1_000_000_000, end: 2_000_000_000, attributes: spanAttributes ?? [Attr("random", Guid.NewGuid().ToString())])).ToArray();
        return Resource(resource ?? [Attr("service.name", "test-service"), Attr("random.res.attr", Guid.NewGuid().ToString())], spans);
    }

    private static RecordingRegistry Run(SpanMetricsOptions options, params ResourceSpans[] resourceSpans) => Run(options, SpanMetricsSubprocessor.All, "test-tenant", resourceSpans);

    private static RecordingRegistry Run(SpanMetricsOptions options, SpanMetricsSubprocessor kinds, string tenant, params ResourceSpans[] resourceSpans)
    {
        var registry = new RecordingRegistry(tenant);
        using var processor = new SpanMetricsProcessor(tenant, options, registry, kinds);
        var traces = new TracesData();
        traces.ResourceSpans.Add(resourceSpans);
        processor.PushSpans(SpanBatchFactory.From(traces, tenant));
        return registry;
    }

    private static double Discarded(string tenant, string reason) =>
        SelfMetrics.SpansDiscarded.WithLabels(tenant, reason, ProcessorNames.SpanMetrics).Value;

    [Fact]
    public void Counts_calls_and_latency_with_the_default_labels()
    {
        var registry = Run(Options(), MakeBatch());
        Assert.Equal(10, registry.Value(Calls, DefaultLabels));
        var latency = registry.Find(Latency, DefaultLabels)!;
        Assert.Equal([0, 10], latency.BucketCounts);
        Assert.Equal(10, latency.Count);
        Assert.Equal(10, latency.Sum, 9);
        Assert.Single(registry.Series(Calls));
        Assert.Empty(registry.Series(TargetInfo));
    }

    [Fact]
    public void Adds_custom_dimensions_and_status_message_without_absent_ones()
    {
        var options = Options(o =>
        {
            o.Dimensions = ["foo", "bar", "does-not-exist"];
            o.IntrinsicDimensions = new() { ["span_kind"] = false, ["status_message"] = true };
        });
        var registry = Run(options, MakeBatch(spanAttributes: [Attr("foo", "foo-value"), Attr("bar", "bar-value")]));
        Assert.Equal(10, registry.Value(Calls, ("service", "test-service"), ("span_name", "test"), ("status_code", "STATUS_CODE_OK"), ("status_message", "OK"), ("foo", "foo-value"), ("bar", "bar-value")));
        Assert.Single(registry.Series(Calls));
    }

    [Fact]
    public void Sanitizes_dimension_names_and_drops_missing_attributes()
    {
        var registry = Run(Options(o => o.Dimensions = ["label-name", "foo.name", "foo bar"]), MakeBatch());
        Assert.Equal(10, registry.Value(Calls, DefaultLabels));
    }

    [Fact]
    public void Sanitizes_present_dimension_names()
    {
        var registry = Run(Options(o => o.Dimensions = ["label-name", "foo.name", "foo bar"]), MakeBatch(spanAttributes: [Attr("label-name", "a"), Attr("foo.name", "b"), Attr("foo bar", "c")]));
        Assert.Equal(10, registry.Value(Calls, [.. DefaultLabels, ("label_name", "a"), ("foo_name", "b"), ("foo_bar", "c")]));
    }

    [Fact]
    public void Prefixes_dimensions_that_collide_with_intrinsics()
    {
        var options = Options(o =>
        {
            o.Dimensions = ["span.kind", "span_name"];
            o.IntrinsicDimensions = new() { ["span_kind"] = false };
        });
        var registry = Run(options, MakeBatch(spanAttributes: [Attr("span.kind", "colliding_kind"), Attr("span_name", "colliding_name")]));
        Assert.Equal(10, registry.Value(Calls, ("service", "test-service"), ("span_name", "test"), ("status_code", "STATUS_CODE_OK"), ("__span_kind", "colliding_kind"), ("__span_name", "colliding_name")));
    }

    [Fact]
    public void Derives_job_from_namespace_and_name_and_instance_from_the_instance_id()
    {
        var options = Options(o => o.EnableTargetInfo = true);
        var registry = Run(options, MakeBatch(resource: [Attr("service.name", "test-service"), Attr("service.namespace", "test-namespace"), Attr("service.instance.id", "abc-instance-id-test-def")]));
        Assert.Equal(10, registry.Value(Calls, [.. DefaultLabels, ("job", "test-namespace/test-service"), ("instance", "abc-instance-id-test-def")]));
    }

    [Fact]
    public void Has_no_service_job_or_instance_for_a_namespace_without_service_name()
    {
        var options = Options(o => o.EnableTargetInfo = true);
        var registry = Run(options, MakeBatch(resource: [Attr("service.namespace", "test-namespace")]));
        Assert.Equal(10, registry.Value(Calls, ("span_name", "test"), ("span_kind", "SPAN_KIND_CLIENT"), ("status_code", "STATUS_CODE_OK")));
        Assert.Single(registry.Series(Calls));
    }

    [Fact]
    public void Keeps_the_same_service_with_and_without_namespace_apart()
    {
        var options = Options(o => o.EnableTargetInfo = true);
        var registry = Run(
            options,
            MakeBatch(resource: [Attr("service.name", "test-service")]),
            MakeBatch(resource: [Attr("service.name", "test-service"), Attr("service.namespace", "test-namespace")]),
            MakeBatch(resource: [Attr("service.name", "test-service")]));
        Assert.Equal(20, registry.Value(Calls, [.. DefaultLabels, ("job", "test-service")]));
        Assert.Equal(10, registry.Value(Calls, [.. DefaultLabels, ("job", "test-namespace/test-service")]));
    }

    [Fact]
    public void Joins_dimension_mapping_sources()
    {
        var options = Options(o => o.DimensionMappings = [new() { Name = "foo.bar", SourceLabels = ["foo", "bar"], Join = "/" }]);
        var registry = Run(options, MakeBatch(spanAttributes: [Attr("foo", "foo-value"), Attr("bar", "bar-value")]));
        Assert.Equal(10, registry.Value(Calls, [.. DefaultLabels, ("foo_bar", "foo-value/bar-value")]));
    }

    [Fact]
    public void Skips_missing_mapping_sources()
    {
        var options = Options(o => o.DimensionMappings =
        [
            new() { Name = "first_only", SourceLabels = ["first", "nope"], Join = "-" },
            new() { Name = "world_only", SourceLabels = ["nope", "world"], Join = "-" },
            new() { Name = "first/last", SourceLabels = ["first", "middle", "last"], Join = "->" },
        ]);
        var registry = Run(options, MakeBatch(spanAttributes: [Attr("first", "first-value"), Attr("world", "world-value"), Attr("last", "last-value")]));
        Assert.Equal(10, registry.Value(Calls, [.. DefaultLabels, ("first_only", "first-value"), ("world_only", "world-value"), ("first_last", "first-value->last-value")]));
    }

    [Fact]
    public void Clamps_a_negative_latency_to_zero()
    {
        var rs = Resource([], new Span
        {
            TraceId = Google.Protobuf.ByteString.CopyFrom(new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }),
            SpanId = Google.Protobuf.ByteString.CopyFrom(new byte[8] { 1, 2, 3, 4, 5, 6, 7, 8 }),
            StartTimeUnixNano = 1,
            EndTimeUnixNano = 0,
        });
        var registry = Run(Options(), rs);
        (string, string)[] labels = [("span_kind", "SPAN_KIND_UNSPECIFIED"), ("status_code", "STATUS_CODE_UNSET")];
        Assert.Equal(1, registry.Value(Calls, labels));
        var latency = registry.Find(Latency, labels)!;
        Assert.Equal([1, 1], latency.BucketCounts);
        Assert.Equal(1, latency.Count);
        Assert.Equal(0, latency.Sum);
    }
}
