namespace KafkaMetricsGen.Core.TraceQL;

public enum ComparisonOperator : byte
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Regex,
    NotRegex,
}
