namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>The instrumentation scope of stored spans (<c>instrumentation:name</c>, <c>instrumentation.x</c>), shared by its spans.</summary>
public sealed record StoredScope(string Name, string Version, StoredAttribute[] Attributes)
{
    /// <summary>The scope of a span that had none: empty name and version, no attributes.</summary>
    public static StoredScope Empty { get; } = new(string.Empty, string.Empty, []);
}
