namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// What a <see cref="CompactSubBatch"/> of some spans holds, counted before writing so every section's offset is known
/// and the sub-batch is written in one pass: resource runs, spans, attributes, string bytes and the tenant's UTF-8 size.
/// </summary>
internal readonly record struct SubBatchShape(int Resources, int Spans, int Attributes, int Bytes, int TenantBytes)
{
    /// <summary>Where the section table starts.</summary>
    public int TableOffset => CompactSubBatch.FixedHeaderSize + TenantBytes;

    /// <summary>Where the bytes section starts; resources, spans and attributes follow it in that order.</summary>
    public int BytesOffset => TableOffset + (CompactSubBatch.WrittenSections * CompactSections.TableEntrySize);

    public int ResourcesOffset => BytesOffset + Bytes;

    public int SpansOffset => ResourcesOffset + (Resources * CompactSections.ResourceRowSize);

    public int AttributesOffset => SpansOffset + (Spans * CompactSections.SpanRowSize);

    /// <summary>The encoded size of the sub-batch.</summary>
    public int Size => AttributesOffset + (Attributes * CompactSections.AttributeRowSize);
}
