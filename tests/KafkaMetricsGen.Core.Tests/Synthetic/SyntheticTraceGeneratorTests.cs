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
    public void Failing_payment_and_stock_servers_record_an_exception_event_that_local_blocks_can_query()
    {
        var now = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds((long)(End / 1_000_000)));
        var traces = new SyntheticTraceGenerator(new SyntheticTraceOptions { PaymentErrorRate = 1, InventoryErrorRate = 1 }).Generate(2, End);
        var batch = new Ingest.SpanBatch();
        Assert.True(new Ingest.OtlpProtoDecoder().Decode(default, Google.Protobuf.MessageExtensions.ToByteArray(traces), batch).Success);
        var dir = Path.Combine(Path.GetTempPath(), "synthetic-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = new Processors.LocalBlocks.LocalBlocksProcessor("t", new Processors.LocalBlocks.LocalBlocksOptions { Path = dir }, now);
            store.PushSpans(batch);
            var query = TraceQL.Syntax.TraceQLQueryCheck.Parse("{ event:name = \"exception\" && event.exception.type =~ \".*Exception\" } | count_over_time() by (resource.service.name)");
            var first = TraceQL.MetricsEvaluator.Evaluate(query, new TraceQL.QueryRange(End - 60_000_000_000, End + 1, 60_000_000_000).Align(), store);
            var series = TraceQL.SeriesCombiner.Finalize(first, query.Metrics!).ToDictionary(s => s.Key, s => s.Values.Where(v => !double.IsNaN(v)).Sum());

            Assert.Equal(4, Spans(traces).Count(s => s.Events.Count == 1 && s.Events[0].Name == "exception"));
            Assert.Equal(2, series["{resource.service.name=\"payments\"}"]);
            Assert.Equal(2, series["{resource.service.name=\"inventory\"}"]);
            Assert.Equal(2, series.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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
