namespace KafkaMetricsGen.Core.Configuration;

/// <summary>The shape of a <see cref="ConfigNode"/>.</summary>
public enum ConfigNodeKind
{
    /// <summary>An empty value, <c>~</c> or <c>null</c>: treated as "not set".</summary>
    Null,
    Scalar,
    Map,
    List,
}
