namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>OpenTelemetry resource attributes the processor reads by name (UTF-8, as the batch stores keys).</summary>
internal static class ResourceAttributeKeys
{
    public static ReadOnlySpan<byte> ServiceName => "service.name"u8;

    public static ReadOnlySpan<byte> ServiceNamespace => "service.namespace"u8;

    public static ReadOnlySpan<byte> ServiceInstanceId => "service.instance.id"u8;
}
