namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// <c>A op B</c> between spansets or wrapped pipelines: both sides read the same input spanset. <c>&amp;&amp;</c> keeps
/// both sides' spans when both matched, <c>||</c> either side's. A structural operator returns the right-hand spans
/// in the relation to some left-hand span; its <c>!</c> form returns the right-hand spans that are not, and its
/// <c>&amp;</c> (union) form returns the related spans of both sides. Relations follow the stored parent links
/// (<see cref="TraceSpans"/>).
/// </summary>
public sealed class SpansetOperationStage(SpansetOperator op, bool negated, bool union, SpansetStage left, SpansetStage right) : SpansetStage
{
    public SpansetOperator Operator { get; } = op;

    public bool Negated { get; } = negated;

    public bool IsUnion { get; } = union;

    public SpansetStage Left { get; } = left;

    public SpansetStage Right { get; } = right;

    public override bool UsesTraceFields => Left.UsesTraceFields || Right.UsesTraceFields;

    public override void Apply(TraceSpans trace, List<List<int>> input, List<List<int>> output)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var set in input)
        {
            List<List<int>> one = [set];
            List<List<int>> leftSets = [], rightSets = [];
            Left.Apply(trace, one, leftSets);
            Right.Apply(trace, one, rightSets);
            var result = Combine(trace, leftSets, rightSets);
            if (result is { Count: > 0 })
            {
                output.Add(result);
            }
        }
    }

    private List<int>? Combine(TraceSpans trace, List<List<int>> leftSets, List<List<int>> rightSets)
    {
        switch (Operator)
        {
            case SpansetOperator.And:
                return leftSets.Count > 0 && rightSets.Count > 0 ? Union(trace, [.. leftSets, .. rightSets]) : null;
            case SpansetOperator.Or:
                return leftSets.Count + rightSets.Count > 0 ? Union(trace, [.. leftSets, .. rightSets]) : null;
        }

        if (rightSets.Count == 0 || (leftSets.Count == 0 && !Negated))
        {
            return null;
        }

        var inLeft = Marks(trace, leftSets);
        var inRight = Marks(trace, rightSets);
        var matched = new bool[trace.Count];
        var leftMatched = new bool[trace.Count];
        switch (Operator)
        {
            case SpansetOperator.Child:
            case SpansetOperator.Descendant:
                Down(trace, inLeft, inRight, matched, leftMatched, Operator == SpansetOperator.Descendant);
                break;
            case SpansetOperator.Parent:
            case SpansetOperator.Ancestor:
                // The mirror image: a right span is the parent/ancestor of a left span.
                Down(trace, inRight, inLeft, leftMatched, matched, Operator == SpansetOperator.Ancestor);
                break;
            default:
                Siblings(trace, inLeft, inRight, matched, leftMatched);
                break;
        }

        if (Negated)
        {
            for (var i = 0; i < matched.Length; i++)
            {
                matched[i] = inRight[i] && !matched[i];
            }
        }
        else if (IsUnion)
        {
            for (var i = 0; i < matched.Length; i++)
            {
                matched[i] |= leftMatched[i];
            }
        }

        return Marked(matched);
    }

    private static bool[] Marks(TraceSpans trace, List<List<int>> sets)
    {
        var marks = new bool[trace.Count];
        foreach (var set in sets)
        {
            foreach (var i in set)
            {
                marks[i] = true;
            }
        }

        return marks;
    }

    /// <summary>Marks each upper span's related lower spans (children, or descendants when deep), and the upper spans that have one.</summary>
    private static void Down(TraceSpans trace, bool[] upper, bool[] lower, bool[] lowerMatched, bool[] upperMatched, bool deep)
    {
        for (var i = 0; i < lower.Length; i++)
        {
            if (!lower[i])
            {
                continue;
            }

            // Walk up at most Count steps: stored parent links could form a cycle in bad data.
            var p = trace.ParentOf(i);
            for (var steps = 0; p >= 0 && steps < lower.Length; steps++)
            {
                if (upper[p])
                {
                    lowerMatched[i] = true;
                    upperMatched[p] = true;
                }

                if (!deep)
                {
                    break;
                }

                p = trace.ParentOf(p);
            }
        }
    }

    private static void Siblings(TraceSpans trace, bool[] inLeft, bool[] inRight, bool[] matched, bool[] leftMatched)
    {
        var leftChildren = new int[trace.Count];
        var rightChildren = new int[trace.Count];
        for (var i = 0; i < inLeft.Length; i++)
        {
            var p = trace.ParentOf(i);
            if (p < 0)
            {
                continue;
            }

            leftChildren[p] += inLeft[i] ? 1 : 0;
            rightChildren[p] += inRight[i] ? 1 : 0;
        }

        for (var i = 0; i < inLeft.Length; i++)
        {
            var p = trace.ParentOf(i);
            if (p < 0)
            {
                continue;
            }

            // A span is not its own sibling.
            matched[i] = inRight[i] && leftChildren[p] - (inLeft[i] ? 1 : 0) > 0;
            leftMatched[i] = inLeft[i] && rightChildren[p] - (inRight[i] ? 1 : 0) > 0;
        }
    }
}
