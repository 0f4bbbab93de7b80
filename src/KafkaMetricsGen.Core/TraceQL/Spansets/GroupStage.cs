namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// <c>by(expr)</c> in a spanset pipeline: splits each spanset into one per value of the expression, in order of first
/// appearance; spans without a value form their own (nil) group, as in Tempo.
/// </summary>
public sealed class GroupStage(ValueExpression by) : SpansetStage
{
    public ValueExpression By { get; } = by;

    public override bool UsesTraceFields => By.UsesTraceFields;

    public override void Apply(TraceSpans trace, List<List<int>> input, List<List<int>> output)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var info = trace.Info;
        var groups = new Dictionary<StaticValue, List<int>>();
        foreach (var set in input)
        {
            groups.Clear();
            foreach (var i in set)
            {
                var value = By.Evaluate(trace[i], info);
                if (!groups.TryGetValue(value, out var group))
                {
                    groups.Add(value, group = []);
                    output.Add(group);
                }

                group.Add(i);
            }
        }
    }
}
