namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary><c>coalesce()</c>: merges a trace's spansets (say, the groups of a <c>by()</c>) back into one.</summary>
public sealed class CoalesceStage : SpansetStage
{
    public static readonly CoalesceStage Instance = new();

    public override bool UsesTraceFields => false;

    public override void Apply(TraceSpans trace, List<List<int>> input, List<List<int>> output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.Count > 0)
        {
            output.Add(Union(trace, input));
        }
    }
}
