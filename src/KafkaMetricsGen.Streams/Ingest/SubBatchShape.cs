namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// What a <see cref="CompactSubBatch"/> of some spans holds, counted before writing so every row section's offset is
/// known and the sub-batch is written in one pass: resource runs, spans and the size of their rows, attributes, scope runs, span events, span links, the string bytes at most (a string
/// that repeats is written once, so the bytes section, last, often comes out shorter) and the tenant's UTF-8 size.
/// </summary>
internal readonly record struct SubBatchShape(int Resources, int Spans, int SpanRowSize, int Attributes, int Scopes, int Events, int Links, int Bytes, int TenantBytes)
{
    /// <summary>Where the section table starts.</summary>
    public int TableOffset => CompactSubBatch.FixedHeaderSize + TenantBytes;

    /// <summary>Where the resource rows start; span, attribute, scope, event and link rows and the bytes section follow in that order.</summary>
    public int ResourcesOffset => TableOffset + (CompactSubBatch.WrittenSections * CompactSections.TableEntrySize);

    public int SpansOffset => ResourcesOffset + (Resources * CompactSections.ResourceRowSize);

    public int AttributesOffset => SpansOffset + (Spans * SpanRowSize);

    public int ScopesOffset => AttributesOffset + (Attributes * CompactSections.AttributeRowSize);

    public int EventsOffset => ScopesOffset + (Scopes * CompactSections.ScopeRowSize);

    public int LinksOffset => EventsOffset + (Events * CompactSections.EventRowSize);

    public int BytesOffset => LinksOffset + (Links * CompactSections.LinkRowSize);

    /// <summary>The encoded size of the sub-batch at most: with every string written out.</summary>
    public int Size => BytesOffset + Bytes;
}
