using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.Core.Processors.Shared.Otlp;

namespace KafkaMetricsGen.Core.Processors.Shared;

public class SpanMultiplierTests
{
    private static double For(SpanMultiplier multiplier, ResourceSpans rs)
    {
        var batch = SpanBatchFactory.From(rs);
        return multiplier.For(batch, 0, batch.Span(0));
    }

    [Fact]
    public void Is_one_when_nothing_is_configured()
    {
        var m = new SpanMultiplier(string.Empty, false);
        Assert.True(m.IsConstant);
        Assert.Equal(1, For(m, Resource([Attr("ratio", 0.1)], Span(attributes: [Attr("ratio", 0.5)]))));
    }

    [Fact]
    public void Uses_the_inverse_of_the_span_attribute_before_the_resource_attribute()
    {
        var m = new SpanMultiplier("ratio", false);
        Assert.Equal(2, For(m, Resource([Attr("ratio", 0.1)], Span(attributes: [Attr("ratio", 0.5)]))));
        Assert.Equal(10, For(m, Resource([Attr("ratio", 0.1)], Span())), 12);
    }

    [Fact]
    public void Ignores_non_double_and_non_positive_ratios()
    {
        var m = new SpanMultiplier("ratio", false);
        Assert.Equal(1, For(m, Resource([Attr("ratio", 2L)], Span(attributes: [Attr("ratio", "0.5")]))));
        Assert.Equal(4, For(m, Resource([Attr("ratio", 0.25)], Span(attributes: [Attr("ratio", 0.0), Attr("ratio", -1.0)]))));
    }

    [Fact]
    public void Prefers_the_tracestate_and_falls_back_to_the_key()
    {
        var m = new SpanMultiplier("ratio", true);
        var withState = Span(attributes: [Attr("ratio", 0.5)]);
        withState.TraceState = "ot=th:c";
        Assert.Equal(4, For(m, Resource([], withState)));
        var unusable = Span(attributes: [Attr("ratio", 0.5)]);
        unusable.TraceState = "ot=rv:00000000000000";
        Assert.Equal(2, For(m, Resource([], unusable)));
    }

    [Fact]
    public void Ignores_the_tracestate_unless_enabled()
    {
        var span = Span();
        span.TraceState = "ot=th:c";
        Assert.Equal(1, For(new SpanMultiplier(null, false), Resource([], span)));
    }
}
