namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// What a <see cref="CompactSubBatch"/> of some spans holds, counted before writing so every row section's offset is
/// known and the sub-batch is written in one pass: resource runs, spans, attributes, the string bytes at most (a string
/// that repeats is written once, so the bytes section, last, often comes out shorter) and the tenant's UTF-8 size.
/// </summary>
internal readonly record struct SubBatchShape(int Resources, int Spans, int Attributes, int Bytes, int TenantBytes)
{
    /// <summary>Where the section table starts.</summary>
    public int TableOffset => CompactSubBatch.FixedHeaderSize + TenantBytes;

    /// <summary>Where the resource rows start; span rows, attribute rows and the bytes section follow in that order.</summary>
    public int ResourcesOffset => TableOffset + (CompactSubBatch.WrittenSections * CompactSections.TableEntrySize);

    public int SpansOffset => ResourcesOffset + (Resources * CompactSections.ResourceRowSize);

    public int AttributesOffset => SpansOffset + (Spans * CompactSections.SpanRowSize);

    public int BytesOffset => AttributesOffset + (Attributes * CompactSections.AttributeRowSize);

    /// <summary>The encoded size of the sub-batch at most: with every string written out.</summary>
    public int Size => BytesOffset + Bytes;
}
