namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The sections of a <see cref="CompactSubBatch"/> and the size of one row of each, in bytes. A reader skips a section
/// whose id it does not know and reads the leading bytes it knows of a row longer than <c>*RowSize</c>, so a writer may
/// append a section (span events, links, scopes) or a field at the end of a row without a new version. A row shorter
/// than the size here is refused: the fields a reader expects must be there.
/// </summary>
/// <remarks>
/// To add a section (as scopes, span events and links were added): give it the next id here with its row size; count
/// its rows and string bytes in <c>CompactSubBatch.Shape</c> and give <see cref="SubBatchShape"/> its offset before the bytes section; write its
/// rows in the writer (strings through <c>Rows.Range</c>, indices rebased to the sub-batch) and its table entry, one
/// more in <c>WrittenSections</c>; read it where the reader switches on the id, checking every index and range against
/// the sub-batch. A span that refers to its rows (its first event and event count) gets the fields appended to the
/// span row: the reader keeps requiring the 96 bytes of <see cref="SpanRowSize"/> and reads the appended fields only
/// from a row long enough to hold them, an older row reading as zero, which means none.
/// </remarks>
public static class CompactSections
{
    /// <summary>The UTF-8 and raw bytes every range of the other sections points into; one byte per row.</summary>
    public const ushort Bytes = 1;

    /// <summary>Resources: first attribute, attribute count, first span, span count, size as received (5 × i32).</summary>
    public const ushort Resources = 2;

    /// <summary>Spans: see <see cref="SpanRowSize"/>.</summary>
    public const ushort Spans = 3;

    /// <summary>Attributes: key range, kind, value range, scalar.</summary>
    public const ushort Attributes = 4;

    /// <summary>Instrumentation scopes: name and version ranges, first attribute, attribute count (6 × i32).</summary>
    public const ushort Scopes = 5;

    /// <summary>Span events: name range (2 × i32), time (u64), first attribute, attribute count (2 × i32).</summary>
    public const ushort Events = 6;

    /// <summary>Span links: trace id (2 × u64), span id (u64), first attribute, attribute count (2 × i32).</summary>
    public const ushort Links = 7;

    public const int ResourceRowSize = 5 * 4;

    public const int ScopeRowSize = 6 * 4;

    public const int EventRowSize = (2 * 4) + 8 + (2 * 4);

    public const int LinkRowSize = (3 * 8) + (2 * 4);

    /// <summary>
    /// Resource index (i32), trace id (2 × u64), span id, parent span id (u64 each), name range (2 × i32), kind, status
    /// code (i32 each), status message and trace state ranges (4 × i32), start and end time (2 × u64), first attribute,
    /// attribute count and size as received (3 × i32).
    /// </summary>
    public const int SpanRowSize = 4 + (4 * 8) + (2 * 4) + (2 * 4) + (4 * 4) + (2 * 8) + (3 * 4);

    /// <summary>
    /// The span row this writer writes: <see cref="SpanRowSize"/>, then the scope index, first event, event count, first
    /// link and link count (5 × i32). A row of only <see cref="SpanRowSize"/> bytes reads as no events or links and the
    /// empty scope.
    /// </summary>
    public const int SpanRowWithScopeEventsLinksSize = SpanRowSize + (5 * 4);

    /// <summary>
    /// Key range (2 × i32), kind (u8), value range (2 × i32), then the scalar (i64): the double's bits for a double, the
    /// integer (0 or 1 for a bool) otherwise; the batch model holds the one its kind reads and zero in the other.
    /// </summary>
    public const int AttributeRowSize = (2 * 4) + 1 + (2 * 4) + 8;

    /// <summary>One entry of the section table: id (u16), row size (u16), row count (i32), offset from the sub-batch start (i32).</summary>
    public const int TableEntrySize = 2 + 2 + 4 + 4;
}
