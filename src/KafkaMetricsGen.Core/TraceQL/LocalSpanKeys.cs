namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Attribute keys the engine itself reads.</summary>
public static class LocalSpanKeys
{
    /// <summary>The resource attribute naming the service (trace:rootService reads it from the root span).</summary>
    public static readonly string ServiceName = string.Intern("service.name");
}
