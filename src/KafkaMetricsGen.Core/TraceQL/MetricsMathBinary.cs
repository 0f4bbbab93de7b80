namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// <c>left op right</c> between two series sets, as Tempo combines them: series match on their labels other than
/// <c>__name__</c>; a side with one unlabelled series (an ungrouped query) applies to every series of the other side.
/// The result has the left labels plus the right ones it lacks, and <c>__name__</c> "(rate / rate)" when both sides
/// are named. Values combine point by point; a point absent on either side, or a division by zero, is absent.
/// </summary>
public sealed record MetricsMathBinary(char Op, MetricsMath Left, MetricsMath Right) : MetricsMath
{
    /// <summary>The key of a series without labels besides <c>__name__</c>.</summary>
    private const string Unlabelled = "{}";

    protected override List<MetricsSeries> Combine(IReadOnlyList<List<MetricsSeries>> leaves)
    {
        var left = Index(Left.Evaluate(leaves));
        var right = Index(Right.Evaluate(leaves));
        var target = right.ContainsKey(Unlabelled) ? left : right;
        var result = new List<MetricsSeries>(target.Count);
        foreach (var key in target.Keys)
        {
            if (!TryMatch(left, key, out var l, out var leftFans) || !TryMatch(right, key, out var r, out var rightFans))
            {
                continue;
            }

            var n = Math.Min(l.Values.Length, r.Values.Length);
            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = MetricsArithmetic.Apply(Op, l.Values[i], r.Values[i]);
            }

            var series = new MetricsSeries(Labels(l.Labels, r.Labels), values);
            if (leftFans == rightFans)
            {
                series.Exemplars.AddRange(l.Exemplars);
                series.Exemplars.AddRange(r.Exemplars);
            }
            else
            {
                series.Exemplars.AddRange(leftFans ? r.Exemplars : l.Exemplars);
            }

            result.Add(series);
        }

        return result;
    }

    protected internal override void AddLeaves(List<TraceQLQuery> into)
    {
        Left.AddLeaves(into);
        Right.AddLeaves(into);
    }

    private static Dictionary<string, MetricsSeries> Index(List<MetricsSeries> series)
    {
        var map = new Dictionary<string, MetricsSeries>(series.Count, StringComparer.Ordinal);
        foreach (var s in series)
        {
            map[MetricsSeries.KeyOf(s.Labels, TraceQLKeywords.NameLabel)] = s;
        }

        return map;
    }

    private static bool TryMatch(Dictionary<string, MetricsSeries> side, string key, out MetricsSeries series, out bool fansOut)
    {
        if (side.TryGetValue(key, out series!))
        {
            fansOut = false;
            return true;
        }

        fansOut = side.TryGetValue(Unlabelled, out series!);
        return fansOut;
    }

    private SeriesLabel[] Labels(SeriesLabel[] left, SeriesLabel[] right)
    {
        var labels = new List<SeriesLabel>(left.Length + right.Length);
        labels.AddRange(left);
        foreach (var label in right)
        {
            if (label.Name != TraceQLKeywords.NameLabel && !Has(left, label.Name))
            {
                labels.Add(label);
            }
        }

        var leftName = NameOf(left);
        var rightName = NameOf(right);
        var at = labels.FindIndex(static l => l.Name == TraceQLKeywords.NameLabel);
        if (at >= 0)
        {
            if (leftName is null || rightName is null)
            {
                labels.RemoveAt(at);
            }
            else
            {
                labels[at] = new SeriesLabel(TraceQLKeywords.NameLabel, StaticValue.OfString($"({leftName} {Op} {rightName})"));
            }
        }

        return [.. labels];
    }

    private static bool Has(SeriesLabel[] labels, string name)
    {
        foreach (var l in labels)
        {
            if (l.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string? NameOf(SeriesLabel[] labels)
    {
        foreach (var l in labels)
        {
            if (l.Name == TraceQLKeywords.NameLabel && l.Value.Kind == StaticKind.String)
            {
                return l.Value.String;
            }
        }

        return null;
    }
}
