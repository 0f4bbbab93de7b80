namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>The YAML type of a filter policy value; it picks the strict comparison.</summary>
public enum PolicyValueKind
{
    /// <summary>No value (YAML null or missing): strict matching compares with the empty string, as Tempo does.</summary>
    Null = 0,
    String = 1,
    Int = 2,
    Float = 3,
    Bool = 4,
}
