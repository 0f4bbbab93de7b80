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
/// rows in the writer (strings through <c>Rows.Range</c>, indices rebased to the sub-batch) and its table entry; read
/// it where the reader switches on the id, checking every index and range against the sub-batch. A section of a span's
/// own fields has a row per span, in span order, like <see cref="SpanTexts"/> and <see cref="SpanDetails"/>: a writer
/// that has nothing to put there leaves the section out, and the reader reads its fields as empty.
/// </remarks>
public static class CompactSections
{
    /// <summary>The UTF-8 and raw bytes every range of the other sections points into; one byte per row.</summary>
    public const ushort Bytes = 1;

    /// <summary>Resources: first attribute, attribute count, first span, span count, size as received (5 × i32).</summary>
    public const ushort Resources = 2;

    /// <summary>
    /// Spans in the layout of version 4 (<see cref="SpanRowSize"/>), still read so a backlog survives an upgrade; a
    /// sub-batch holds these or <see cref="SpanCores"/>, never both.
    /// </summary>
    public const ushort Spans = 3;

    /// <summary>Attributes: key range, kind, value range, scalar.</summary>
    public const ushort Attributes = 4;

    /// <summary>Instrumentation scopes: name and version ranges, first attribute, attribute count (6 × i32).</summary>
    public const ushort Scopes = 5;

    /// <summary>Span events: name range (2 × i32), time (u64), first attribute, attribute count (2 × i32).</summary>
    public const ushort Events = 6;

    /// <summary>Span links: trace id (2 × u64), span id (u64), first attribute, attribute count (2 × i32).</summary>
    public const ushort Links = 7;

    /// <summary>
    /// Spans from version 5 on: trace id (2 × u64), span id, parent span id, start and end time (u64 each), first
    /// attribute, attribute count, kind and status code (i32 each). A span's resource is the one whose run of spans
    /// holds it (the resources' runs cover the spans in order).
    /// </summary>
    public const ushort SpanCores = 8;

    /// <summary>Per span, in span order: name, status message and trace state ranges (6 × i32). Absent: all empty.</summary>
    public const ushort SpanTexts = 9;

    /// <summary>
    /// Per span, in span order: scope index, first event, event count, first link, link count and size as received
    /// (6 × i32). Absent: the empty scope, no events or links, size 0.
    /// </summary>
    public const ushort SpanDetails = 10;

    public const int ResourceRowSize = 5 * 4;

    public const int ScopeRowSize = 6 * 4;

    public const int EventRowSize = (2 * 4) + 8 + (2 * 4);

    public const int LinkRowSize = (3 * 8) + (2 * 4);

    /// <summary>
    /// Version 4's span row: resource index (i32), trace id (2 × u64), span id, parent span id (u64 each), name range
    /// (2 × i32), kind, status code (i32 each), status message and trace state ranges (4 × i32), start and end time
    /// (2 × u64), first attribute, attribute count and size as received (3 × i32).
    /// </summary>
    public const int SpanRowSize = 4 + (4 * 8) + (2 * 4) + (2 * 4) + (4 * 4) + (2 * 8) + (3 * 4);

    /// <summary>
    /// Version 4's longer span row: <see cref="SpanRowSize"/>, then the scope index, first event, event count, first link
    /// and link count (5 × i32). A row of only <see cref="SpanRowSize"/> bytes reads as no events or links and the empty
    /// scope.
    /// </summary>
    public const int SpanRowWithScopeEventsLinksSize = SpanRowSize + (5 * 4);

    /// <summary>Trace id (2 × u64), span id, parent span id, start and end time (4 × u64), then 4 × i32.</summary>
    public const int SpanCoreRowSize = (6 * 8) + (4 * 4);

    public const int SpanTextRowSize = 6 * 4;

    public const int SpanDetailRowSize = 6 * 4;

    /// <summary>
    /// Key range (2 × i32), kind (u8), value range (2 × i32), then the scalar (i64): the double's bits for a double, the
    /// integer (0 or 1 for a bool) otherwise; the batch model holds the one its kind reads and zero in the other.
    /// </summary>
    public const int AttributeRowSize = (2 * 4) + 1 + (2 * 4) + 8;

    /// <summary>One entry of the section table: id (u16), row size (u16), row count (i32), offset from the sub-batch start (i32).</summary>
    public const int TableEntrySize = 2 + 2 + 4 + 4;
}
