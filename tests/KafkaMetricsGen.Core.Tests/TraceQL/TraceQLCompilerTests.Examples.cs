using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Tests.TraceQL.Syntax;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Core.TraceQL.Spansets;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public partial class TraceQLCompilerTests
{
    private const ulong Second = 1_000_000_000;

    /// <summary>Every query Tempo calls valid compiles and runs over stored spans: none is refused as unsupported.</summary>
    [Theory]
    [MemberData(nameof(TempoTraceQLExamples.Valid), MemberType = typeof(TempoTraceQLExamples))]
    public void Tempos_valid_examples_all_run_over_stored_spans(string query)
    {
        var compiled = Compile(query);
        var source = new ListSpanSource()
            .Add(Second, 100, "x", name: "a", traceLow: 1)
            .Add(Second, 200, "y", name: "b", status: StatusCode.Error, traceLow: 1, parent: 1)
            .Add(2 * Second, 300, name: "c", traceLow: 2);
        var chunks = source.Chunks(0, ulong.MaxValue);
        if (compiled.IsMetrics)
        {
            var leaves = compiled.Math?.Leaves() ?? [compiled];
            var finished = leaves.Select(leaf => SeriesCombiner.Finalize(
                MetricsEvaluator.Evaluate(leaf, new QueryRange(1, 3 * Second, Second).Align(), source), leaf.Metrics!)).ToList();
            Assert.NotNull(compiled.Math?.Evaluate(finished) ?? finished[0]);
        }
        else if (compiled.Spansets is not null)
        {
            Assert.InRange((SpansetEvaluator.Resolve(compiled.Spansets, chunks, MetricsEvaluator.ResolveTraces(chunks))).Count, 0, 3);
        }
    }
}
