namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// One step of a spanset pipeline over one trace, as Tempo evaluates it: each input spanset (span indices into
/// <see cref="TraceSpans"/>, ascending) becomes zero or more output spansets. A query starts with all of a trace's spans
/// as one spanset.
/// </summary>
public abstract class SpansetStage
{
    public abstract void Apply(TraceSpans trace, List<List<int>> input, List<List<int>> output);

    /// <summary>Whether any filter reads a trace-level intrinsic.</summary>
    public abstract bool UsesTraceFields { get; }

    /// <summary>The sorted union of spansets.</summary>
    protected static List<int> Union(TraceSpans trace, List<List<int>> sets)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 1)
        {
            return sets[0];
        }

        var marks = new bool[trace.Count];
        foreach (var set in sets)
        {
            foreach (var i in set)
            {
                marks[i] = true;
            }
        }

        return Marked(marks);
    }

    protected static List<int> Marked(bool[] marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var result = new List<int>();
        for (var i = 0; i < marks.Length; i++)
        {
            if (marks[i])
            {
                result.Add(i);
            }
        }

        return result;
    }
}
