using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// Attribute lookups in the two orders Tempo uses: resource first (dimensions, mappings, DB detection)
/// and span first (span multiplier). The first attribute with the key wins within each scope.
/// </summary>
public static class AttributeLookup
{
    public static bool TryFindResourceFirst(SpanBatch batch, int resourceIndex, in SpanRef span, ReadOnlySpan<byte> keyUtf8, out AttributeRef attribute) =>
        batch.TryFind(batch.ResourceAttributes(resourceIndex), keyUtf8, out attribute)
        || batch.TryFind(batch.SpanAttributes(span), keyUtf8, out attribute);

    public static bool TryFindSpanFirst(SpanBatch batch, int resourceIndex, in SpanRef span, ReadOnlySpan<byte> keyUtf8, out AttributeRef attribute) =>
        batch.TryFind(batch.SpanAttributes(span), keyUtf8, out attribute)
        || batch.TryFind(batch.ResourceAttributes(resourceIndex), keyUtf8, out attribute);

    /// <summary>The label value of the resource-first match (Tempo's stringification), or "" when absent.</summary>
    public static string ResourceFirstText(SpanBatch batch, int resourceIndex, in SpanRef span, ReadOnlySpan<byte> keyUtf8) =>
        TryFindResourceFirst(batch, resourceIndex, span, keyUtf8, out var attribute) ? LabelValues.Text(batch, attribute) : string.Empty;
}
