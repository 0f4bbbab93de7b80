using System.Buffers.Binary;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The reader. Every count, index and range is checked against the sub-batch before it enters the batch, so a damaged or
/// foreign record is reported, never read out of bounds; unknown sections and unknown trailing row fields are skipped.
/// </summary>
public static partial class CompactSubBatch
{
    /// <summary>
    /// Reads a sub-batch into <paramref name="batch"/> (reset first): tenant, record time, flags, resources, spans,
    /// attributes, scopes, events and links, in version 5 or 4. A sub-batch without scopes gets one empty scope, the one
    /// its spans point at.
    /// </summary>
    public static DecodeResult Read(ReadOnlySpan<byte> value, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset();
        if (value.Length < FixedHeaderSize)
        {
            return DecodeResult.Fail(DecodeFailureReasons.Truncated, "sub-batch shorter than its header");
        }

        if (value[0] is not (Version or Version4))
        {
            return DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, $"sub-batch format version {value[0]}, expected {Version} or {Version4}");
        }

        int tenantBytes = BinaryPrimitives.ReadUInt16LittleEndian(value[10..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(value[12..]);
        var tableOffset = FixedHeaderSize + tenantBytes;
        if (value.Length < tableOffset + ((long)sectionCount * CompactSections.TableEntrySize))
        {
            return DecodeResult.Fail(DecodeFailureReasons.Truncated, "sub-batch tenant or section table runs past the end");
        }

        Section bytes = default, resources = default, spans = default, cores = default, texts = default, details = default;
        Section attributes = default, scopes = default, events = default, links = default;
        for (var i = 0; i < sectionCount; i++)
        {
            var entry = value.Slice(tableOffset + (i * CompactSections.TableEntrySize), CompactSections.TableEntrySize);
            var section = new Section(
                BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]),
                BinaryPrimitives.ReadInt32LittleEndian(entry[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(entry[8..]));
            if (section.Rows < 0 || section.Offset < 0 || section.Offset + ((long)section.Rows * section.RowSize) > value.Length)
            {
                return DecodeResult.Fail(DecodeFailureReasons.Truncated, $"sub-batch section {BinaryPrimitives.ReadUInt16LittleEndian(entry)} runs past the end");
            }

            var known = BinaryPrimitives.ReadUInt16LittleEndian(entry) switch
            {
                CompactSections.Bytes => Place(ref bytes, section, 1),
                CompactSections.Resources => Place(ref resources, section, CompactSections.ResourceRowSize),
                CompactSections.Spans => Place(ref spans, section, CompactSections.SpanRowSize),
                CompactSections.SpanCores => Place(ref cores, section, CompactSections.SpanCoreRowSize),
                CompactSections.SpanTexts => Place(ref texts, section, CompactSections.SpanTextRowSize),
                CompactSections.SpanDetails => Place(ref details, section, CompactSections.SpanDetailRowSize),
                CompactSections.Attributes => Place(ref attributes, section, CompactSections.AttributeRowSize),
                CompactSections.Scopes => Place(ref scopes, section, CompactSections.ScopeRowSize),
                CompactSections.Events => Place(ref events, section, CompactSections.EventRowSize),
                CompactSections.Links => Place(ref links, section, CompactSections.LinkRowSize),
                _ => true,
            };
            if (!known)
            {
                return DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, $"sub-batch section {BinaryPrimitives.ReadUInt16LittleEndian(entry)} repeated or with rows shorter than its fields");
            }
        }

        // Spans come in version 4's rows or in cores with their texts and details beside them, one row per span.
        if ((spans.RowSize != 0 && (cores.RowSize != 0 || texts.RowSize != 0 || details.RowSize != 0))
            || (texts.RowSize != 0 && texts.Rows != cores.Rows)
            || (details.RowSize != 0 && details.Rows != cores.Rows))
        {
            return DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, "sub-batch span sections of two layouts, or of different lengths");
        }

        batch.SetBuffer(value.Slice(bytes.Offset, bytes.Rows));
        var limits = new Limits(bytes.Rows, resources.Rows, spans.Rows + cores.Rows, attributes.Rows, Math.Max(scopes.Rows, 1), events.Rows, links.Rows);
        var result = ReadResources(value, resources, limits, batch);
        result = result.Success
            ? spans.RowSize != 0 ? ReadSpans(value, spans, limits, batch) : ReadSpanCores(value, new SpanSections(cores, texts, details), limits, batch)
            : result;
        result = result.Success ? ReadAttributes(value, attributes, limits, batch) : result;
        result = result.Success ? ReadScopes(value, scopes, limits, batch) : result;
        result = result.Success ? ReadEvents(value, events, limits, batch) : result;
        result = result.Success ? ReadLinks(value, links, limits, batch) : result;
        if (!result.Success)
        {
            batch.Reset();
            return result;
        }

        batch.Tenant = batch.Strings.Get(value.Slice(FixedHeaderSize, tenantBytes));
        batch.RecordTimeUnixMs = BinaryPrimitives.ReadInt64LittleEndian(value[2..]);
        batch.SkipMetricsGeneration = (value[1] & SkipMetricsGenerationFlag) != 0;
        return DecodeResult.Ok;
    }

    /// <summary>Keeps a known section; false when it came before or its rows are shorter than the fields read.</summary>
    private static bool Place(ref Section slot, Section section, int rowSize)
    {
        if (slot.RowSize != 0 || section.RowSize < rowSize)
        {
            return false;
        }

        slot = section;
        return true;
    }

    private static DecodeResult ReadResources(ReadOnlySpan<byte> value, Section section, in Limits limits, SpanBatch batch)
    {
        for (var i = 0; i < section.Rows; i++)
        {
            var row = section.Row(value, i);
            var resource = new ResourceRef(
                BinaryPrimitives.ReadInt32LittleEndian(row),
                BinaryPrimitives.ReadInt32LittleEndian(row[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[12..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[16..]));
            if (!Within(resource.AttributeStart, resource.AttributeCount, limits.Attributes) || !Within(resource.SpanStart, resource.SpanCount, limits.Spans))
            {
                return Invalid("a resource's attributes or spans lie outside the sub-batch");
            }

            batch.AddResource(resource);
        }

        return DecodeResult.Ok;
    }

    private static DecodeResult ReadSpans(ReadOnlySpan<byte> value, Section section, in Limits limits, SpanBatch batch)
    {
        var withReferences = section.RowSize >= CompactSections.SpanRowWithScopeEventsLinksSize;
        for (var i = 0; i < section.Rows; i++)
        {
            var row = section.Row(value, i);
            var references = withReferences ? row[CompactSections.SpanRowSize..] : default;
            var span = new SpanRef(
                BinaryPrimitives.ReadInt32LittleEndian(row),
                new TraceId(BinaryPrimitives.ReadUInt64LittleEndian(row[4..]), BinaryPrimitives.ReadUInt64LittleEndian(row[12..])),
                new SpanId(BinaryPrimitives.ReadUInt64LittleEndian(row[20..])),
                new SpanId(BinaryPrimitives.ReadUInt64LittleEndian(row[28..])),
                ReadRange(row[36..]),
                (SpanKind)BinaryPrimitives.ReadInt32LittleEndian(row[44..]),
                (StatusCode)BinaryPrimitives.ReadInt32LittleEndian(row[48..]),
                ReadRange(row[52..]),
                ReadRange(row[60..]),
                BinaryPrimitives.ReadUInt64LittleEndian(row[68..]),
                BinaryPrimitives.ReadUInt64LittleEndian(row[76..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[84..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[88..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[92..]),
                withReferences ? BinaryPrimitives.ReadInt32LittleEndian(references) : 0,
                withReferences ? BinaryPrimitives.ReadInt32LittleEndian(references[4..]) : 0,
                withReferences ? BinaryPrimitives.ReadInt32LittleEndian(references[8..]) : 0,
                withReferences ? BinaryPrimitives.ReadInt32LittleEndian(references[12..]) : 0,
                withReferences ? BinaryPrimitives.ReadInt32LittleEndian(references[16..]) : 0);
            var result = Check(span, limits);
            if (!result.Success)
            {
                return result;
            }

            batch.AddSpan(span);
        }

        return DecodeResult.Ok;
    }

    /// <summary>
    /// Version 5's spans: each core row with the texts and details rows of the same index when present. A span's
    /// resource is the one whose run holds it; the runs must cover the spans in order, one after the other.
    /// </summary>
    private static DecodeResult ReadSpanCores(ReadOnlySpan<byte> value, in SpanSections sections, in Limits limits, SpanBatch batch)
    {
        var resource = 0;
        var resourceEnd = 0;
        for (var i = 0; i < sections.Cores.Rows; i++)
        {
            while (i == resourceEnd && resource < batch.ResourceCount)
            {
                ref readonly var run = ref batch.Resource(resource);
                if (run.SpanStart != resourceEnd)
                {
                    return Invalid("a resource's spans do not follow the spans of the resource before");
                }

                resourceEnd += run.SpanCount;
                resource++;
            }

            if (i >= resourceEnd)
            {
                return Invalid("a span lies outside every resource's spans");
            }

            var core = sections.Cores.Row(value, i);
            var texts = sections.Texts.RowSize != 0 ? sections.Texts.Row(value, i) : default;
            var details = sections.Details.RowSize != 0 ? sections.Details.Row(value, i) : default;
            var span = new SpanRef(
                resource - 1,
                new TraceId(BinaryPrimitives.ReadUInt64LittleEndian(core), BinaryPrimitives.ReadUInt64LittleEndian(core[8..])),
                new SpanId(BinaryPrimitives.ReadUInt64LittleEndian(core[16..])),
                new SpanId(BinaryPrimitives.ReadUInt64LittleEndian(core[24..])),
                texts.IsEmpty ? default : ReadRange(texts),
                (SpanKind)BinaryPrimitives.ReadInt32LittleEndian(core[56..]),
                (StatusCode)BinaryPrimitives.ReadInt32LittleEndian(core[60..]),
                texts.IsEmpty ? default : ReadRange(texts[8..]),
                texts.IsEmpty ? default : ReadRange(texts[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(core[32..]),
                BinaryPrimitives.ReadUInt64LittleEndian(core[40..]),
                BinaryPrimitives.ReadInt32LittleEndian(core[48..]),
                BinaryPrimitives.ReadInt32LittleEndian(core[52..]),
                details.IsEmpty ? 0 : BinaryPrimitives.ReadInt32LittleEndian(details[20..]),
                details.IsEmpty ? 0 : BinaryPrimitives.ReadInt32LittleEndian(details),
                details.IsEmpty ? 0 : BinaryPrimitives.ReadInt32LittleEndian(details[4..]),
                details.IsEmpty ? 0 : BinaryPrimitives.ReadInt32LittleEndian(details[8..]),
                details.IsEmpty ? 0 : BinaryPrimitives.ReadInt32LittleEndian(details[12..]),
                details.IsEmpty ? 0 : BinaryPrimitives.ReadInt32LittleEndian(details[16..]));
            var result = Check(span, limits);
            if (!result.Success)
            {
                return result;
            }

            batch.AddSpan(span);
        }

        return resource == batch.ResourceCount && resourceEnd == sections.Cores.Rows
            ? DecodeResult.Ok
            : Invalid("the resources' spans are not the sub-batch's spans");
    }

    private static DecodeResult ReadAttributes(ReadOnlySpan<byte> value, Section section, in Limits limits, SpanBatch batch)
    {
        for (var i = 0; i < section.Rows; i++)
        {
            var row = section.Row(value, i);
            var kind = (AnyValueKind)row[8];
            var scalar = BinaryPrimitives.ReadInt64LittleEndian(row[17..]);
            var attribute = kind == AnyValueKind.Double
                ? new AttributeRef(ReadRange(row), kind, ReadRange(row[9..]), 0, BitConverter.Int64BitsToDouble(scalar))
                : new AttributeRef(ReadRange(row), kind, ReadRange(row[9..]), scalar, 0);
            if (kind > AnyValueKind.Bytes || !Within(attribute.Key, limits.Bytes) || !Within(attribute.Value, limits.Bytes))
            {
                return Invalid("an attribute's kind or strings lie outside the sub-batch");
            }

            batch.AddAttribute(attribute);
        }

        return DecodeResult.Ok;
    }

    private static DecodeResult ReadScopes(ReadOnlySpan<byte> value, Section section, in Limits limits, SpanBatch batch)
    {
        if (section.Rows == 0)
        {
            batch.AddScope(default);
            return DecodeResult.Ok;
        }

        for (var i = 0; i < section.Rows; i++)
        {
            var row = section.Row(value, i);
            var scope = new ScopeRef(
                ReadRange(row),
                ReadRange(row[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[16..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[20..]));
            if (!Within(scope.Name, limits.Bytes) || !Within(scope.Version, limits.Bytes) || !Within(scope.AttributeStart, scope.AttributeCount, limits.Attributes))
            {
                return Invalid("a scope's strings or attributes lie outside the sub-batch");
            }

            batch.AddScope(scope);
        }

        return DecodeResult.Ok;
    }

    private static DecodeResult ReadEvents(ReadOnlySpan<byte> value, Section section, in Limits limits, SpanBatch batch)
    {
        for (var i = 0; i < section.Rows; i++)
        {
            var row = section.Row(value, i);
            var spanEvent = new EventRef(
                ReadRange(row),
                BinaryPrimitives.ReadUInt64LittleEndian(row[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[16..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[20..]));
            if (!Within(spanEvent.Name, limits.Bytes) || !Within(spanEvent.AttributeStart, spanEvent.AttributeCount, limits.Attributes))
            {
                return Invalid("an event's name or attributes lie outside the sub-batch");
            }

            batch.AddEvent(spanEvent);
        }

        return DecodeResult.Ok;
    }

    private static DecodeResult ReadLinks(ReadOnlySpan<byte> value, Section section, in Limits limits, SpanBatch batch)
    {
        for (var i = 0; i < section.Rows; i++)
        {
            var row = section.Row(value, i);
            var link = new LinkRef(
                new TraceId(BinaryPrimitives.ReadUInt64LittleEndian(row), BinaryPrimitives.ReadUInt64LittleEndian(row[8..])),
                new SpanId(BinaryPrimitives.ReadUInt64LittleEndian(row[16..])),
                BinaryPrimitives.ReadInt32LittleEndian(row[24..]),
                BinaryPrimitives.ReadInt32LittleEndian(row[28..]));
            if (!Within(link.AttributeStart, link.AttributeCount, limits.Attributes))
            {
                return Invalid("a link's attributes lie outside the sub-batch");
            }

            batch.AddLink(link);
        }

        return DecodeResult.Ok;
    }

    /// <summary>A span whose resource, scope, events, links, attributes and strings lie within the sub-batch.</summary>
    private static DecodeResult Check(in SpanRef span, in Limits limits) =>
        (uint)span.ResourceIndex >= (uint)limits.Resources
        || (uint)span.ScopeIndex >= (uint)limits.Scopes
        || !Within(span.EventStart, span.EventCount, limits.Events)
        || !Within(span.LinkStart, span.LinkCount, limits.Links)
        || !Within(span.AttributeStart, span.AttributeCount, limits.Attributes)
        || !Within(span.Name, limits.Bytes)
        || !Within(span.StatusMessage, limits.Bytes)
        || !Within(span.TraceState, limits.Bytes)
            ? Invalid("a span's resource, scope, events, links, attributes or strings lie outside the sub-batch")
            : DecodeResult.Ok;

    private static ByteRange ReadRange(ReadOnlySpan<byte> field) =>
        new(BinaryPrimitives.ReadInt32LittleEndian(field), BinaryPrimitives.ReadInt32LittleEndian(field[4..]));

    private static bool Within(int start, int count, int limit) => start >= 0 && count >= 0 && (long)start + count <= limit;

    private static bool Within(ByteRange range, int limit) => Within(range.Offset, range.Length, limit);

    private static DecodeResult Invalid(string detail) => DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, "sub-batch " + detail);

    /// <summary>A located section: row size (0 while absent), row count and offset from the sub-batch start.</summary>
    private readonly record struct Section(int RowSize, int Rows, int Offset)
    {
        public ReadOnlySpan<byte> Row(ReadOnlySpan<byte> value, int index) => value.Slice(Offset + (index * RowSize), RowSize);
    }

    /// <summary>Version 5's span sections: cores, and texts and details (row size 0 when absent).</summary>
    private readonly record struct SpanSections(Section Cores, Section Texts, Section Details);

    /// <summary>The row counts every index and range is checked against (one scope at least: the empty one).</summary>
    private readonly record struct Limits(int Bytes, int Resources, int Spans, int Attributes, int Scopes, int Events, int Links);
}
