namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// What a <see cref="CompactSubBatch"/> of some spans holds, counted before writing so every row section's offset is
/// known and the sub-batch is written in one pass: resource runs, spans, whether their texts and details are written,
/// attributes, scope runs, span events, span links, the string bytes at most (a string that repeats is written once, so
/// the bytes section, last, often comes out shorter) and the tenant's UTF-8 size. A section without rows is left out of
/// the table (resources, spans, attributes and bytes are always in it).
/// </summary>
internal readonly record struct SubBatchShape(int Resources, int Spans, bool Texts, bool Details, int Attributes, int Scopes, int Events, int Links, int Bytes, int TenantBytes)
{
    /// <summary>Sections in the table.</summary>
    public int Sections => 4 + (Texts ? 1 : 0) + (Details ? 1 : 0) + (Scopes > 0 ? 1 : 0) + (Events > 0 ? 1 : 0) + (Links > 0 ? 1 : 0);

    /// <summary>Where the section table starts.</summary>
    public int TableOffset => CompactSubBatch.FixedHeaderSize + TenantBytes;

    /// <summary>
    /// Where the resource rows start; span cores, span texts, span details, attribute, scope, event and link rows and the
    /// bytes section follow in that order.
    /// </summary>
    public int ResourcesOffset => TableOffset + (Sections * CompactSections.TableEntrySize);

    public int SpanCoresOffset => ResourcesOffset + (Resources * CompactSections.ResourceRowSize);

    public int SpanTextsOffset => SpanCoresOffset + (Spans * CompactSections.SpanCoreRowSize);

    public int SpanDetailsOffset => SpanTextsOffset + (Texts ? Spans * CompactSections.SpanTextRowSize : 0);

    public int AttributesOffset => SpanDetailsOffset + (Details ? Spans * CompactSections.SpanDetailRowSize : 0);

    public int ScopesOffset => AttributesOffset + (Attributes * CompactSections.AttributeRowSize);

    public int EventsOffset => ScopesOffset + (Scopes * CompactSections.ScopeRowSize);

    public int LinksOffset => EventsOffset + (Events * CompactSections.EventRowSize);

    public int BytesOffset => LinksOffset + (Links * CompactSections.LinkRowSize);

    /// <summary>The encoded size of the sub-batch at most: with every string written out.</summary>
    public int Size => BytesOffset + Bytes;
}
