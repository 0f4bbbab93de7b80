namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary><c>{ filter }</c>: keeps the spans of each spanset that match; an emptied spanset is dropped.</summary>
public sealed class FilterStage(SpanFilter filter) : SpansetStage
{
    public SpanFilter Filter { get; } = filter;

    public override bool UsesTraceFields => Filter.UsesTraceFields;

    public override void Apply(TraceSpans trace, List<List<int>> input, List<List<int>> output)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var info = trace.Info;
        foreach (var set in input)
        {
            List<int>? kept = null;
            foreach (var i in set)
            {
                if (Filter.Matches(trace[i], info))
                {
                    (kept ??= []).Add(i);
                }
            }

            if (kept is not null)
            {
                output.Add(kept);
            }
        }
    }
}
