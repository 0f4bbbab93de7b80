namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// A scalar filter such as <c>count() &gt; 2</c> or <c>avg(duration) &gt; 1s</c>: keeps a spanset when its aggregate
/// compares true with the number. count() is an int, avg() a float, sum/min/max keep the type of their values
/// (durations stay durations); a spanset with no value to aggregate is dropped.
/// </summary>
public sealed class ScalarFilterStage(string aggregate, ValueExpression? argument, ComparisonOperator op, StaticValue number) : SpansetStage
{
    public const string Count = "count";
    public const string Avg = "avg";
    public const string Sum = "sum";
    public const string Min = "min";
    public const string Max = "max";

    public string Aggregate { get; } = aggregate;

    public ValueExpression? Argument { get; } = argument;

    public ComparisonOperator Operator { get; } = op;

    public StaticValue Number { get; } = number;

    public override bool UsesTraceFields => Argument?.UsesTraceFields == true;

    public override void Apply(TraceSpans trace, List<List<int>> input, List<List<int>> output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var set in input)
        {
            var value = Evaluate(trace, set);
            if (!value.IsNil && ComparisonFilter.Compare(value, Operator, Number, null))
            {
                output.Add(set);
            }
        }
    }

    /// <summary>The aggregate over one spanset.</summary>
    public StaticValue Evaluate(TraceSpans trace, List<int> set)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(set);
        if (Aggregate == Count)
        {
            return StaticValue.OfInt(set.Count);
        }

        var info = trace.Info;
        var kind = StaticKind.Nil;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var n = 0;
        foreach (var i in set)
        {
            var v = Argument!.Evaluate(trace[i], info);
            if (!v.IsNumeric)
            {
                continue;
            }

            var d = v.AsDouble();
            kind = kind == StaticKind.Nil || kind == v.Kind ? v.Kind : StaticKind.Float;
            sum += d;
            min = Math.Min(min, d);
            max = Math.Max(max, d);
            n++;
        }

        if (n == 0)
        {
            return StaticValue.Nil;
        }

        var result = Aggregate switch
        {
            Avg => sum / n,
            Sum => sum,
            Min => min,
            _ => max,
        };
        return Aggregate == Avg ? StaticValue.OfFloat(result) : kind switch
        {
            StaticKind.Int => StaticValue.OfInt((long)result),
            StaticKind.Duration => StaticValue.OfDuration((long)result),
            _ => StaticValue.OfFloat(result),
        };
    }
}
