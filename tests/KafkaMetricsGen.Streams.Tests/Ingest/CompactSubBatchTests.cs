using System.Buffers.Binary;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Streams.Ingest;

public sealed class CompactSubBatchTests
{
    private const int TableOffset = 14 + 8; // fixed header, then the tenant "tenant-x"

    [Fact]
    public void Writes_at_most_the_measured_size_with_the_version_byte_first()
    {
        var batch = Batch();
        var spans = new[] { 0, 2, 3 };
        var size = CompactSubBatch.Measure(batch, spans);
        var destination = new byte[size + 10];

        var written = CompactSubBatch.Write(batch, spans, destination);

        Assert.InRange(written, 1, size);
        Assert.Equal(CompactSubBatch.Version, destination[0]);
        Assert.True(CompactSubBatch.Read(destination.AsSpan(0, written), new SpanBatch()).Success);
    }

    [Fact]
    public void A_string_that_repeats_is_written_once_and_read_back_wherever_it_is_used()
    {
        var batch = Batch();
        var spans = Enumerable.Range(0, batch.SpanCount).ToArray();

        var value = Encode(batch, spans);
        var read = new SpanBatch();
        Assert.True(CompactSubBatch.Read(value, read).Success);

        Assert.True(value.Length < CompactSubBatch.Measure(batch, spans), $"{value.Length} bytes");
        for (var i = 0; i < spans.Length; i++)
        {
            Assert.Equal(batch.String(batch.Span(i).Name), read.String(read.Span(i).Name));
            var sent = batch.SpanAttributes(batch.Span(i));
            var received = read.SpanAttributes(read.Span(i));
            Assert.Equal(sent.Length, received.Length);
            for (var a = 0; a < sent.Length; a++)
            {
                Assert.Equal(batch.Bytes(sent[a].Key).ToArray(), read.Bytes(received[a].Key).ToArray());
                Assert.Equal(batch.Bytes(sent[a].Value).ToArray(), read.Bytes(received[a].Value).ToArray());
            }
        }
    }

    [Fact]
    public void Reads_back_the_selected_spans_with_their_resources_in_runs()
    {
        var batch = Batch();
        var spans = Enumerable.Range(0, batch.SpanCount).Where(i => i % 2 == 0).ToArray();

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(Encode(batch, spans), read);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(spans.Length, read.SpanCount);
        for (var r = 0; r < read.ResourceCount; r++)
        {
            foreach (ref readonly var span in read.ResourceSpans(r))
            {
                Assert.Equal(r, span.ResourceIndex);
            }
        }

        for (var k = 0; k < spans.Length; k++)
        {
            Assert.Equal(batch.Span(spans[k]).SpanId, read.Span(k).SpanId);
            Assert.Equal(batch.String(batch.Span(spans[k]).Name), read.String(read.Span(k).Name));
        }
    }

    [Fact]
    public void An_empty_selection_reads_as_an_empty_batch_of_the_tenant()
    {
        var read = new SpanBatch();

        Assert.True(CompactSubBatch.Read(Encode(Batch(), []), read).Success);
        Assert.Equal(("tenant-x", 0, 0), (read.Tenant, read.SpanCount, read.ResourceCount));
    }

    [Fact]
    public void A_section_of_an_unknown_id_is_skipped()
    {
        var batch = Batch();
        var value = WithExtraSection(Encode(batch, [0, 1]), id: 99, rowSize: 3, rows: 2);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(value, read);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(2, read.SpanCount);
    }

    [Fact]
    public void Rows_longer_than_the_reader_knows_are_read_by_their_leading_fields()
    {
        var batch = Batch();
        var value = WithLongerSpanRows(Encode(batch, [0, 1, 2]), extra: 8);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(value, read);

        Assert.True(result.Success, result.ToString());
        Assert.Equal([batch.Span(0).TraceId, batch.Span(1).TraceId, batch.Span(2).TraceId], read.Spans.ToArray().Select(s => s.TraceId));
        Assert.Equal([batch.Span(0).EncodedSize, batch.Span(1).EncodedSize, batch.Span(2).EncodedSize], read.Spans.ToArray().Select(s => s.EncodedSize));
    }

    [Fact]
    public void A_span_row_of_the_earlier_size_reads_as_no_events_no_links_and_the_empty_scope()
    {
        var batch = Batch();
        var value = WithSpanRows(Encode(batch, [0, 1, 2]), CompactSections.SpanRowSize, extra: 0);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(value, read);

        Assert.True(result.Success, result.ToString());
        Assert.Equal([batch.Span(0).SpanId, batch.Span(1).SpanId, batch.Span(2).SpanId], read.Spans.ToArray().Select(s => s.SpanId));
        Assert.All(read.Spans.ToArray(), s => Assert.Equal((0, 0, 0, 0, 0), (s.ScopeIndex, s.EventStart, s.EventCount, s.LinkStart, s.LinkCount)));
    }

    [Fact]
    public void A_sub_batch_without_scopes_gives_its_spans_one_empty_scope()
    {
        var batch = Batch();
        var value = Encode(batch, [0, 1]);
        BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(TableOffset + (3 * CompactSections.TableEntrySize)), 99);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(value, read);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(1, read.ScopeCount);
        Assert.Equal((0, 0, 0), (read.Scopes[0].Name.Length, read.Scopes[0].Version.Length, read.Scopes[0].AttributeCount));
    }

    [Fact]
    public void A_damaged_header_or_table_is_reported_as_truncated()
    {
        var value = Encode(Batch(), [0]);

        Assert.Equal(DecodeFailureReasons.Truncated, Read(value[..10]).FailureReason);
        Assert.Equal(DecodeFailureReasons.Truncated, Read(value[..(TableOffset + 5)]).FailureReason);
        Assert.Equal(DecodeFailureReasons.Truncated, Read(value[..^1]).FailureReason);
    }

    [Fact]
    public void A_row_shorter_than_its_fields_or_a_repeated_section_is_refused()
    {
        var shortRows = Encode(Batch(), [0]);
        BinaryPrimitives.WriteUInt16LittleEndian(shortRows.AsSpan(TableOffset + CompactSections.TableEntrySize + 2), CompactSections.SpanRowSize - 1);
        var repeated = Encode(Batch(), [0]);
        BinaryPrimitives.WriteUInt16LittleEndian(repeated.AsSpan(TableOffset + CompactSections.TableEntrySize), CompactSections.Bytes);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(shortRows).FailureReason);
        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(repeated).FailureReason);
    }

    [Theory]
    [InlineData(0, 1_000)] // resource index
    [InlineData(36, 1_000_000)] // name offset
    [InlineData(40, -1)] // name length
    [InlineData(84, 1_000)] // first attribute
    [InlineData(88, 1_000)] // attribute count
    [InlineData(96, 1_000)] // scope index
    [InlineData(96, -1)] // scope index
    [InlineData(100, 1_000)] // first event
    [InlineData(104, 1_000)] // event count
    [InlineData(108, -1)] // first link
    [InlineData(112, 1_000)] // link count
    public void A_span_pointing_outside_the_sub_batch_is_refused_and_leaves_the_batch_empty(int field, int value)
    {
        var encoded = Encode(Batch(), [0]);
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, 1) + field), value);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(encoded, read);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, result.FailureReason);
        Assert.Equal((0, 0), (read.SpanCount, read.AttributeCount));
    }

    [Theory]
    [InlineData(0, 1_000_000)] // key offset
    [InlineData(8, 8)] // kind
    [InlineData(13, 1_000_000)] // value length
    public void An_attribute_pointing_outside_the_sub_batch_or_of_an_unknown_kind_is_refused(int field, int value)
    {
        var encoded = Encode(Batch(), [0]);
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, 2) + field), value);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(encoded).FailureReason);
    }

    [Theory]
    [InlineData(3, 0, 1_000_000)] // scope name offset
    [InlineData(3, 12, -1)] // scope version length
    [InlineData(3, 20, 1_000)] // scope attribute count
    [InlineData(4, 4, 1_000_000)] // event name length
    [InlineData(4, 16, 1_000)] // event first attribute
    [InlineData(5, 28, 1_000)] // link attribute count
    [InlineData(5, 24, -1)] // link first attribute
    public void A_scope_event_or_link_pointing_outside_the_sub_batch_is_refused(int entry, int field, int value)
    {
        var encoded = Encode(WithEventsAndLinks(), [0]);
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, entry) + field), value);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(encoded, read);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, result.FailureReason);
        Assert.Equal((0, 0, 0, 0), (read.SpanCount, read.ScopeCount, read.EventCount, read.LinkCount));
    }

    [Fact]
    public void A_resource_pointing_outside_the_sub_batch_is_refused()
    {
        var encoded = Encode(Batch(), [0]);
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, 0) + 12), 5);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(encoded).FailureReason);
    }

    private static DecodeResult Read(byte[] value) => CompactSubBatch.Read(value, new SpanBatch());

    private static SpanBatch Batch() => SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(3, 1_700_000_000_000_000_000UL), "tenant-x");

    private static byte[] Encode(SpanBatch batch, int[] spans)
    {
        var value = new byte[CompactSubBatch.Measure(batch, spans)];
        return value[..CompactSubBatch.Write(batch, spans, value)];
    }

    /// <summary>One span with a scope, an event and a link, each with an attribute.</summary>
    private static SpanBatch WithEventsAndLinks()
    {
        var batch = new SpanBatch { Tenant = "tenant-x" };
        var name = new ByteRange(batch.AppendBuffer("op"u8), 2);
        var key = new ByteRange(batch.AppendBuffer("k"u8), 1);
        var value = new ByteRange(batch.AppendBuffer("v"u8), 1);
        var attribute = new AttributeRef(key, AnyValueKind.String, value, 0, 0);
        batch.AddAttribute(attribute);
        batch.AddAttribute(attribute);
        batch.AddAttribute(attribute);
        batch.AddAttribute(attribute);
        batch.AddResource(new ResourceRef(0, 1, 0, 1, 0));
        batch.AddScope(new ScopeRef(name, name, 1, 1));
        batch.AddEvent(new EventRef(name, 5, 2, 1));
        batch.AddLink(new LinkRef(new TraceId(1, 2), new SpanId(3), 3, 1));
        batch.AddSpan(new SpanRef(0, new TraceId(1, 1), new SpanId(1), default, name, SpanKind.Server, StatusCode.Unset, default, default, 1, 2, 0, 0, 10, 0, 0, 1, 0, 1));
        return batch;
    }

    /// <summary>
    /// The offset of the section in table entry <paramref name="entry"/> (0 resources, 1 spans, 2 attributes, 3 scopes,
    /// 4 events, 5 links, 6 bytes).
    /// </summary>
    private static int SectionOffset(byte[] value, int entry) =>
        BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(TableOffset + (entry * CompactSections.TableEntrySize) + 8));

    /// <summary>The sub-batch with one more table entry and its rows appended at the end, the other offsets moved past the new entry.</summary>
    private static byte[] WithExtraSection(byte[] value, ushort id, int rowSize, int rows)
    {
        var sections = BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(12));
        var tableEnd = TableOffset + (sections * CompactSections.TableEntrySize);
        var entry = new byte[CompactSections.TableEntrySize];
        BinaryPrimitives.WriteUInt16LittleEndian(entry, id);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(2), (ushort)rowSize);
        BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(4), rows);
        BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(8), value.Length + entry.Length);
        byte[] result = [.. value.AsSpan(0, tableEnd), .. entry, .. value.AsSpan(tableEnd), .. new byte[rowSize * rows]];
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(12), (ushort)(sections + 1));
        for (var i = 0; i < sections; i++)
        {
            var offset = result.AsSpan(TableOffset + (i * CompactSections.TableEntrySize) + 8);
            BinaryPrimitives.WriteInt32LittleEndian(offset, BinaryPrimitives.ReadInt32LittleEndian(offset) + entry.Length);
        }

        return result;
    }

    /// <summary>The sub-batch with its span rows moved to the end, each <paramref name="extra"/> bytes longer, as a later writer would append a field.</summary>
    private static byte[] WithLongerSpanRows(byte[] value, int extra) => WithSpanRows(value, CompactSections.SpanRowWithScopeEventsLinksSize, extra);

    /// <summary>
    /// The sub-batch with its span rows moved to the end: the first <paramref name="keep"/> bytes of each, then
    /// <paramref name="extra"/> bytes a later writer would append.
    /// </summary>
    private static byte[] WithSpanRows(byte[] value, int keep, int extra)
    {
        var entry = TableOffset + CompactSections.TableEntrySize;
        var rowSize = BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(entry + 2));
        var rows = BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(entry + 4));
        var offset = BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(entry + 8));
        var longer = new List<byte>(value);
        for (var i = 0; i < rows; i++)
        {
            longer.AddRange(value.AsSpan(offset + (i * rowSize), keep).ToArray());
            longer.AddRange(Enumerable.Repeat((byte)0xEE, extra));
        }

        var result = longer.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(entry + 2), (ushort)(keep + extra));
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(entry + 8), value.Length);
        return result;
    }
}
