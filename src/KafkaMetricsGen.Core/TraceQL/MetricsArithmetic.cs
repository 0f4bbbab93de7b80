namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>The four operators of metrics arithmetic; as in Tempo, a division by zero is absent (NaN), not infinite.</summary>
public static class MetricsArithmetic
{
    public static double Apply(char op, double left, double right) => op switch
    {
        '+' => left + right,
        '-' => left - right,
        '*' => left * right,
        '/' => right == 0 ? double.NaN : left / right,
        _ => double.NaN,
    };
}
