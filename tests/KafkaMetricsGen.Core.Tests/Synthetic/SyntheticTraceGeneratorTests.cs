using KafkaMetricsGen.Core.Synthetic;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Synthetic;

public sealed class SyntheticTraceGeneratorTests
{
    private const ulong End = 1_700_000_000_000_000_000;

    [Fact]
    public void Every_trace_has_the_documented_span_count_and_ends_at_the_requested_time()
    {
        var traces = new SyntheticTraceGenerator().Generate(20, End);
        var spans = Spans(traces);

        Assert.Equal(20 * SyntheticTraceDefaults.SpansPerTrace, spans.Count);
        Assert.All(spans, s => Assert.True(s.StartTimeUnixNano <= s.EndTimeUnixNano && s.EndTimeUnixNano <= End));
        Assert.Equal(20, spans.Count(s => s.ParentSpanId.IsEmpty));
    }

    [Fact]
    public void The_same_seed_gives_the_same_traces()
    {
        var a = new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = 7 }).Generate(5, End);
        var b = new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = 7 }).Generate(5, End);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Payment_failures_mark_the_payment_calls_as_errors()
    {
        var traces = new SyntheticTraceGenerator(new SyntheticTraceOptions { PaymentErrorRate = 1 }).Generate(3, End);

        var charges = Spans(traces).Where(s => s.Name == "POST /api/charge").ToList();
        Assert.Equal(6, charges.Count);
        Assert.All(charges, s => Assert.Equal(Status.Types.StatusCode.Error, s.Status.Code));
    }

    [Fact]
    public void Every_client_and_producer_call_has_its_server_or_consumer_side()
    {
        var spans = Spans(new SyntheticTraceGenerator().Generate(10, End));
        var byParent = spans.Where(s => !s.ParentSpanId.IsEmpty).Select(s => s.ParentSpanId).ToHashSet();

        var callers = spans.Where(s => s.Kind is Span.Types.SpanKind.Client or Span.Types.SpanKind.Producer && !s.Attributes.Any(a => a.Key == "db.system"));
        Assert.All(callers, c => Assert.Contains(c.SpanId, byParent));
    }

    [Fact]
    public void An_error_rate_outside_zero_to_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticTraceGenerator(new SyntheticTraceOptions { PaymentErrorRate = 2 }));

    private static List<Span> Spans(TracesData traces) =>
        traces.ResourceSpans.SelectMany(rs => rs.ScopeSpans).SelectMany(ss => ss.Spans).ToList();
}
