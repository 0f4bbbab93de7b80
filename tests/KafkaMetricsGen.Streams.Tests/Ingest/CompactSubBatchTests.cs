using System.Buffers.Binary;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
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
        var value = WithLongerRows(WithLongerRows(Encode(batch, [0, 1, 2]), CompactSections.SpanCores, extra: 8), CompactSections.SpanDetails, extra: 4);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(value, read);

        Assert.True(result.Success, result.ToString());
        Assert.Equal([batch.Span(0).TraceId, batch.Span(1).TraceId, batch.Span(2).TraceId], read.Spans.ToArray().Select(s => s.TraceId));
        Assert.Equal([batch.Span(0).AttributeCount, batch.Span(1).AttributeCount, batch.Span(2).AttributeCount], read.Spans.ToArray().Select(s => s.AttributeCount));
        Assert.Equal([batch.Span(0).EncodedSize, batch.Span(1).EncodedSize, batch.Span(2).EncodedSize], read.Spans.ToArray().Select(s => s.EncodedSize));
    }

    [Fact]
    public void A_sub_batch_without_span_texts_or_details_reads_as_empty_strings_no_events_no_links_size_0_and_the_empty_scope()
    {
        var batch = Batch();
        var value = WithSectionId(WithSectionId(Encode(batch, [0, 1, 2]), CompactSections.SpanTexts, 99), CompactSections.SpanDetails, 98);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(value, read);

        Assert.True(result.Success, result.ToString());
        Assert.Equal([batch.Span(0).SpanId, batch.Span(1).SpanId, batch.Span(2).SpanId], read.Spans.ToArray().Select(s => s.SpanId));
        Assert.All(read.Spans.ToArray(), s => Assert.Equal((0, 0, 0, 0, 0, 0), (s.ScopeIndex, s.EventStart, s.EventCount, s.LinkStart, s.LinkCount, s.EncodedSize)));
        Assert.All(read.Spans.ToArray(), s => Assert.Equal((0, 0, 0), (s.Name.Length, s.StatusMessage.Length, s.TraceState.Length)));
    }

    [Theory]
    [MemberData(nameof(Version4SubBatches))]
    public void A_version_4_sub_batch_of_a_backlog_reads_as_the_same_batch_as_version_5(string name, string version4, int[] spans, bool serviceGraphsOnly)
    {
        var batch = CompactSubBatchVersion4.Batch();
        var projection = serviceGraphsOnly ? ServiceGraphsProcessor.Reads(new ServiceGraphsOptions()) : SpanProjection.Everything;
        var fromVersion4 = new SpanBatch();
        var fromVersion5 = new SpanBatch();

        var old = Convert.FromBase64String(version4);
        var current = Encode(batch, spans, projection);

        Assert.Equal((CompactSubBatch.Version4, CompactSubBatch.Version), (old[0], current[0]));
        Assert.True(CompactSubBatch.Read(old, fromVersion4).Success, name);
        Assert.True(CompactSubBatch.Read(current, fromVersion5).Success, name);
        CompactSubBatchAssert.Same(fromVersion4, fromVersion5, sizes: !serviceGraphsOnly);
    }

    [Fact]
    public void Spans_for_service_graphs_alone_take_a_fifth_less_room_than_in_version_4()
    {
        var batch = CompactSubBatchVersion4.Batch();
        var current = Encode(batch, CompactSubBatchVersion4.ServiceGraphsSpans, ServiceGraphsProcessor.Reads(new ServiceGraphsOptions()));
        var old = Convert.FromBase64String(CompactSubBatchVersion4.ServiceGraphsOnly);

        // 64 bytes of row per span instead of 96, and no table entries for the sections without rows: 1,118 bytes for
        // the trace's ten spans against 1,476.
        Assert.InRange(current.Length, 0, old.Length * 4 / 5);
    }

    public static TheoryData<string, string, int[], bool> Version4SubBatches() => new()
    {
        { "everything", CompactSubBatchVersion4.Everything, Enumerable.Range(0, CompactSubBatchVersion4.Batch().SpanCount).ToArray(), false },
        { "service graphs only", CompactSubBatchVersion4.ServiceGraphsOnly, CompactSubBatchVersion4.ServiceGraphsSpans, true },
    };

    [Fact]
    public void A_sub_batch_without_scopes_gives_its_spans_one_empty_scope()
    {
        var batch = Batch();
        var value = WithSectionId(Encode(batch, [0, 1]), CompactSections.Scopes, 99);

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
        BinaryPrimitives.WriteUInt16LittleEndian(shortRows.AsSpan(Entry(shortRows, CompactSections.SpanCores) + 2), CompactSections.SpanCoreRowSize - 1);
        var repeated = WithSectionId(Encode(Batch(), [0]), CompactSections.SpanCores, CompactSections.Bytes);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(shortRows).FailureReason);
        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(repeated).FailureReason);
    }

    [Fact]
    public void Spans_in_both_layouts_or_texts_and_details_of_another_length_are_refused()
    {
        var both = WithExtraSection(Encode(Batch(), [0]), CompactSections.Spans, CompactSections.SpanRowSize, rows: 1);
        var shortTexts = Encode(Batch(), [0, 1]);
        BinaryPrimitives.WriteInt32LittleEndian(shortTexts.AsSpan(Entry(shortTexts, CompactSections.SpanTexts) + 4), 1);
        var shortDetails = Encode(Batch(), [0, 1]);
        BinaryPrimitives.WriteInt32LittleEndian(shortDetails.AsSpan(Entry(shortDetails, CompactSections.SpanDetails) + 4), 1);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(both).FailureReason);
        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(shortTexts).FailureReason);
        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(shortDetails).FailureReason);
    }

    [Theory]
    [InlineData(0, 8, 1)] // the first resource's spans start at the second span
    [InlineData(1, 8, 0)] // the second resource's spans start where the first's do
    [InlineData(1, 12, 0)] // the second resource has no spans: the last span belongs to none
    public void Resources_whose_spans_do_not_cover_the_spans_in_order_are_refused(int resource, int field, int value)
    {
        var batch = Batch();
        var encoded = Encode(batch, [0, 2]);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(encoded.AsSpan(Entry(encoded, CompactSections.Resources) + 4)));
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, CompactSections.Resources) + (resource * CompactSections.ResourceRowSize) + field), value);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(encoded).FailureReason);
    }

    [Theory]
    [InlineData(CompactSections.SpanCores, 48, 1_000)] // first attribute
    [InlineData(CompactSections.SpanCores, 52, 1_000)] // attribute count
    [InlineData(CompactSections.SpanTexts, 0, 1_000_000)] // name offset
    [InlineData(CompactSections.SpanTexts, 4, -1)] // name length
    [InlineData(CompactSections.SpanTexts, 20, 1_000_000)] // trace state length
    [InlineData(CompactSections.SpanDetails, 0, 1_000)] // scope index
    [InlineData(CompactSections.SpanDetails, 0, -1)] // scope index
    [InlineData(CompactSections.SpanDetails, 4, 1_000)] // first event
    [InlineData(CompactSections.SpanDetails, 8, 1_000)] // event count
    [InlineData(CompactSections.SpanDetails, 12, -1)] // first link
    [InlineData(CompactSections.SpanDetails, 16, 1_000)] // link count
    public void A_span_pointing_outside_the_sub_batch_is_refused_and_leaves_the_batch_empty(ushort section, int field, int value)
    {
        var encoded = Encode(Batch(), [0]);
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, section) + field), value);

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
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, CompactSections.Attributes) + field), value);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(encoded).FailureReason);
    }

    [Theory]
    [InlineData(CompactSections.Scopes, 0, 1_000_000)] // scope name offset
    [InlineData(CompactSections.Scopes, 12, -1)] // scope version length
    [InlineData(CompactSections.Scopes, 20, 1_000)] // scope attribute count
    [InlineData(CompactSections.Events, 4, 1_000_000)] // event name length
    [InlineData(CompactSections.Events, 16, 1_000)] // event first attribute
    [InlineData(CompactSections.Links, 28, 1_000)] // link attribute count
    [InlineData(CompactSections.Links, 24, -1)] // link first attribute
    public void A_scope_event_or_link_pointing_outside_the_sub_batch_is_refused(ushort section, int field, int value)
    {
        var encoded = Encode(WithEventsAndLinks(), [0]);
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, section) + field), value);

        var read = new SpanBatch();
        var result = CompactSubBatch.Read(encoded, read);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, result.FailureReason);
        Assert.Equal((0, 0, 0, 0), (read.SpanCount, read.ScopeCount, read.EventCount, read.LinkCount));
    }

    [Fact]
    public void A_resource_pointing_outside_the_sub_batch_is_refused()
    {
        var encoded = Encode(Batch(), [0]);
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(SectionOffset(encoded, CompactSections.Resources) + 12), 5);

        Assert.Equal(DecodeFailureReasons.InvalidMessage, Read(encoded).FailureReason);
    }

    private static DecodeResult Read(byte[] value) => CompactSubBatch.Read(value, new SpanBatch());

    private static SpanBatch Batch() => SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(3, 1_700_000_000_000_000_000UL), "tenant-x");

    private static byte[] Encode(SpanBatch batch, int[] spans, SpanProjection? projection = null)
    {
        var value = new byte[CompactSubBatch.Measure(batch, spans, projection)];
        return value[..CompactSubBatch.Write(batch, spans, value, projection)];
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

    /// <summary>Where the table entry of section <paramref name="id"/> starts.</summary>
    private static int Entry(byte[] value, ushort id)
    {
        var sections = BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(12));
        for (var i = 0; i < sections; i++)
        {
            var entry = TableOffset + (i * CompactSections.TableEntrySize);
            if (BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(entry)) == id)
            {
                return entry;
            }
        }

        throw new InvalidOperationException($"no section {id}");
    }

    /// <summary>The offset of the rows of section <paramref name="id"/>.</summary>
    private static int SectionOffset(byte[] value, ushort id) => BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(Entry(value, id) + 8));

    /// <summary>The sub-batch with section <paramref name="id"/> renamed <paramref name="newId"/> (an unknown id: as if absent).</summary>
    private static byte[] WithSectionId(byte[] value, ushort id, ushort newId)
    {
        var result = value.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(Entry(result, id)), newId);
        return result;
    }

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

    /// <summary>
    /// The sub-batch with the rows of section <paramref name="id"/> moved to the end, each <paramref name="extra"/> bytes
    /// longer, as a later writer would append a field.
    /// </summary>
    private static byte[] WithLongerRows(byte[] value, ushort id, int extra)
    {
        var entry = Entry(value, id);
        var rowSize = BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(entry + 2));
        var rows = BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(entry + 4));
        var offset = BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(entry + 8));
        var longer = new List<byte>(value);
        for (var i = 0; i < rows; i++)
        {
            longer.AddRange(value.AsSpan(offset + (i * rowSize), rowSize).ToArray());
            longer.AddRange(Enumerable.Repeat((byte)0xEE, extra));
        }

        var result = longer.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(entry + 2), (ushort)(rowSize + extra));
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(entry + 8), value.Length);
        return result;
    }
}
