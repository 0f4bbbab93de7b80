using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.Core.Processors.Shared.Otlp;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

public partial class SpanMetricsProcessorTests
{
    [Fact]
    public void Is_named_span_metrics()
    {
        using var processor = new SpanMetricsProcessor("t", new SpanMetricsOptions(), new TestKit.RecordingRegistry());
        Assert.Equal("span-metrics", processor.Name);
    }

    [Fact]
    public void Weights_calls_and_latency_by_the_multiplier_but_not_the_size()
    {
        var span = Span(attributes: [Attr("sampling.ratio", 0.25)]);
        var registry = Run(Options(o => o.SpanMultiplierKey = "sampling.ratio"), Resource([Attr("service.name", "test-service")], span));
        Assert.Equal(4, registry.Value(Calls, DefaultLabels));
        var latency = registry.Find(Latency, DefaultLabels)!;
        Assert.Equal(4, latency.Count);
        Assert.Equal(4, latency.Sum, 9);
        Assert.Equal(span.CalculateSize(), registry.Value(Size, DefaultLabels));
    }

    [Fact]
    public void Uses_the_tracestate_multiplier_when_enabled()
    {
        var span = Span();
        span.TraceState = "ot=th:c";
        var registry = Run(Options(o => o.EnableTraceStateSpanMultiplier = true), Resource([Attr("service.name", "test-service")], span));
        Assert.Equal(4, registry.Value(Calls, DefaultLabels));
    }

    [Fact]
    public void Counts_the_encoded_span_size()
    {
        var rs = MakeBatch(3);
        var expected = rs.ScopeSpans[0].Spans.Sum(s => s.CalculateSize());
        Assert.Equal(expected, Run(Options(), rs).Value(Size, DefaultLabels));
    }

    [Fact]
    public void Stamps_every_observation_with_the_span_end_time_and_the_trace_id()
    {
        var span = Span(start: 5_000_000_000, end: 7_500_000_000);
        var registry = Run(Options(o => o.EnableTargetInfo = true), Resource([Attr("service.name", "test-service"), Attr("cluster", "c")], span));
        Assert.All(registry.Observations, o => Assert.Equal(7_500_000_000UL, o.EventTimeUnixNano));
        var observed = Assert.Single(registry.Observations, o => o.Metric == Latency);
        Assert.True(TraceId.TryRead(span.TraceId.Span, out var expected));
        Assert.Equal(expected, observed.TraceId);
        Assert.Equal(2.5, observed.Value, 9);
    }

    [Fact]
    public void Writes_only_the_enabled_sub_processor_metrics()
    {
        var registry = Run(Options(), SpanMetricsSubprocessor.Count, "t", MakeBatch());
        Assert.Equal([Calls], registry.MetricNames);
        registry = Run(Options(), SpanMetricsSubprocessor.Latency | SpanMetricsSubprocessor.Size, "t", MakeBatch());
        Assert.Equal([Latency, Size], registry.MetricNames);
    }

    [Fact]
    public void Renders_an_unknown_kind_as_its_number_and_a_missing_status_as_unset()
    {
        var span = Span(kind: (Span.Types.SpanKind)7);
        span.Status = null;
        var registry = Run(Options(), Resource([Attr("service.name", "test-service")], span));
        Assert.Equal(1, registry.Value(Calls, ("service", "test-service"), ("span_name", "test"), ("span_kind", "7"), ("status_code", "STATUS_CODE_UNSET")));
    }

    [Fact]
    public void Stringifies_non_string_dimension_values()
    {
        var array = new AnyValue { ArrayValue = new ArrayValue() };
        array.ArrayValue.Values.Add(new AnyValue { StringValue = "a" });
        array.ArrayValue.Values.Add(new AnyValue { StringValue = "b" });
        var span = Span(attributes: [Attr("i", 42L), Attr("d", 1.5e-7), Attr("b", true), new KeyValue { Key = "a", Value = array }]);
        var registry = Run(Options(o => o.Dimensions = ["i", "d", "b", "a"]), Resource([Attr("service.name", "test-service")], span));
        Assert.Equal(1, registry.Value(Calls, [.. DefaultLabels, ("i", "42"), ("d", "0.00000015"), ("b", "true"), ("a", "[ab]")]));
    }

    [Fact]
    public void Looks_dimensions_up_on_the_resource_before_the_span()
    {
        var registry = Run(Options(o => o.Dimensions = ["region"]), Resource([Attr("service.name", "test-service"), Attr("region", "eu")], Span(attributes: [Attr("region", "us")])));
        Assert.Equal(1, registry.Value(Calls, [.. DefaultLabels, ("region", "eu")]));

        // An empty string on the resource still wins, and then means "no label".
        registry = Run(Options(o => o.Dimensions = ["region"]), Resource([Attr("service.name", "test-service"), Attr("region", string.Empty)], Span(attributes: [Attr("region", "us")])));
        Assert.Equal(1, registry.Value(Calls, DefaultLabels));
    }

    [Fact]
    public void Lets_the_later_of_two_same_named_dimensions_win_even_when_absent()
    {
        var options = Options(o => o.Dimensions = ["deployment.environment", "deployment_environment"]);
        var registry = Run(options, Resource([Attr("service.name", "test-service"), Attr("deployment.environment", "prod")], Span()));
        Assert.Equal(1, registry.Value(Calls, DefaultLabels));

        registry = Run(options, Resource([Attr("service.name", "test-service"), Attr("deployment_environment", "dev"), Attr("deployment.environment", "prod")], Span()));
        Assert.Equal(1, registry.Value(Calls, [.. DefaultLabels, ("deployment_environment", "dev")]));
    }

    [Fact]
    public void Sorts_the_histogram_buckets()
    {
        using var processor = new SpanMetricsProcessor("t", Options(o => o.HistogramBuckets = [1, 0.25, 0.5]), new TestKit.RecordingRegistry());
        Assert.Equal([0.25, 0.5, 1], processor.HistogramBuckets);
    }

    [Fact]
    public void Turns_off_every_intrinsic_leaving_custom_dimensions()
    {
        var options = Options(o =>
        {
            o.IntrinsicDimensions = new() { ["service"] = false, ["span_name"] = false, ["span_kind"] = false, ["status_code"] = false };
            o.Dimensions = ["foo"];
        });
        var registry = Run(options, MakeBatch(spanAttributes: [Attr("foo", "foo-value")]));
        Assert.Equal(10, registry.Value(Calls, ("foo", "foo-value")));
    }

    [Fact]
    public void Reads_every_resource_of_a_batch_with_its_own_service()
    {
        var registry = Run(Options(), MakeBatch(2, [Attr("service.name", "a")]), MakeBatch(3, [Attr("service.name", "b")]));
        Assert.Equal(2, registry.Value(Calls, ("service", "a"), ("span_name", "test"), ("span_kind", "SPAN_KIND_CLIENT"), ("status_code", "STATUS_CODE_OK")));
        Assert.Equal(3, registry.Value(Calls, ("service", "b"), ("span_name", "test"), ("span_kind", "SPAN_KIND_CLIENT"), ("status_code", "STATUS_CODE_OK")));
    }

    [Fact]
    public void Rejects_invalid_options_at_construction()
    {
        var options = Options(o => o.IntrinsicDimensions = new() { ["foo"] = true });
        var e = Assert.Throws<ArgumentException>(() => new SpanMetricsProcessor("t", options, new TestKit.RecordingRegistry()));
        Assert.Equal("metrics_generator.processor.span_metrics.intrinsic_dimensions.foo: foo is not a valid intrinsic dimension", e.Message);
    }
}
