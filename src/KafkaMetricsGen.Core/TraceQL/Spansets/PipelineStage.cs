namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary><c>a | b | c</c>: each stage reads the spansets the previous one produced.</summary>
public sealed class PipelineStage(IReadOnlyList<SpansetStage> stages) : SpansetStage
{
    public IReadOnlyList<SpansetStage> Stages { get; } = stages;

    public override bool UsesTraceFields => Stages.Any(s => s.UsesTraceFields);

    public override void Apply(TraceSpans trace, List<List<int>> input, List<List<int>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var current = input;
        for (var i = 0; i < Stages.Count; i++)
        {
            var next = i == Stages.Count - 1 ? output : [];
            Stages[i].Apply(trace, current, next);
            current = next;
            if (current.Count == 0)
            {
                return;
            }
        }
    }
}
