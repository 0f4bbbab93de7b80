using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>The writer: one pass over the selected spans, every offset known from the <see cref="SubBatchShape"/>.</summary>
public static partial class CompactSubBatch
{
    internal static int Write(SpanBatch batch, ReadOnlySpan<int> spanIndices, SpanProjection projection, in SubBatchShape shape, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var output = destination[..shape.Size];
        output[0] = Version;
        output[1] = batch.SkipMetricsGeneration ? SkipMetricsGenerationFlag : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(output[2..], batch.RecordTimeUnixMs);
        BinaryPrimitives.WriteUInt16LittleEndian(output[10..], (ushort)shape.TenantBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(output[12..], (ushort)shape.Sections);
        Encoding.UTF8.GetBytes(batch.Tenant, output.Slice(FixedHeaderSize, shape.TenantBytes));
        var table = new Table(output[shape.TableOffset..]);
        table.Add(CompactSections.Resources, CompactSections.ResourceRowSize, shape.Resources, shape.ResourcesOffset);
        table.Add(CompactSections.SpanCores, CompactSections.SpanCoreRowSize, shape.Spans, shape.SpanCoresOffset);
        if (shape.Texts)
        {
            table.Add(CompactSections.SpanTexts, CompactSections.SpanTextRowSize, shape.Spans, shape.SpanTextsOffset);
        }

        if (shape.Details)
        {
            table.Add(CompactSections.SpanDetails, CompactSections.SpanDetailRowSize, shape.Spans, shape.SpanDetailsOffset);
        }

        table.Add(CompactSections.Attributes, CompactSections.AttributeRowSize, shape.Attributes, shape.AttributesOffset);
        if (shape.Scopes > 0)
        {
            table.Add(CompactSections.Scopes, CompactSections.ScopeRowSize, shape.Scopes, shape.ScopesOffset);
        }

        if (shape.Events > 0)
        {
            table.Add(CompactSections.Events, CompactSections.EventRowSize, shape.Events, shape.EventsOffset);
        }

        if (shape.Links > 0)
        {
            table.Add(CompactSections.Links, CompactSections.LinkRowSize, shape.Links, shape.LinksOffset);
        }

        Span<WrittenString> seen = stackalloc WrittenString[SeenStrings];
        seen.Clear();
        var w = new Rows(
            batch,
            projection,
            output.Slice(shape.BytesOffset, shape.Bytes),
            output.Slice(shape.ResourcesOffset, shape.Resources * CompactSections.ResourceRowSize),
            output.Slice(shape.SpanCoresOffset, shape.Spans * CompactSections.SpanCoreRowSize),
            shape.Texts ? output.Slice(shape.SpanTextsOffset, shape.Spans * CompactSections.SpanTextRowSize) : default,
            shape.Details ? output.Slice(shape.SpanDetailsOffset, shape.Spans * CompactSections.SpanDetailRowSize) : default,
            output.Slice(shape.AttributesOffset, shape.Attributes * CompactSections.AttributeRowSize),
            output.Slice(shape.ScopesOffset, shape.Scopes * CompactSections.ScopeRowSize),
            output.Slice(shape.EventsOffset, shape.Events * CompactSections.EventRowSize),
            output.Slice(shape.LinksOffset, shape.Links * CompactSections.LinkRowSize),
            seen);
        var lastResource = -1;
        var lastScope = -1;
        var runStart = 0;
        for (var k = 0; k < spanIndices.Length; k++)
        {
            ref readonly var span = ref batch.Span(spanIndices[k]);
            if (k == 0 || span.ResourceIndex != lastResource)
            {
                if (k > 0)
                {
                    w.EndResource(k - runStart);
                }

                lastResource = span.ResourceIndex;
                runStart = k;
                w.BeginResource(lastResource, k);
            }

            if (projection.Details && batch.ScopeCount > 0 && (k == 0 || span.ScopeIndex != lastScope))
            {
                lastScope = span.ScopeIndex;
                w.Scope(lastScope);
            }

            w.Span(span);
        }

        if (spanIndices.Length > 0)
        {
            w.EndResource(spanIndices.Length - runStart);
        }

        table.Add(CompactSections.Bytes, 1, w.BytesWritten, shape.BytesOffset);
        return shape.BytesOffset + w.BytesWritten;
    }

    /// <summary>The section table, filled entry by entry.</summary>
    private ref struct Table(Span<byte> entries)
    {
        private readonly Span<byte> _entries = entries;
        private int _next;

        public void Add(ushort id, int rowSize, int rows, int offset)
        {
            WriteEntry(_entries[(_next * CompactSections.TableEntrySize)..], id, rowSize, rows, offset);
            _next++;
        }
    }

    private static void WriteEntry(Span<byte> entry, ushort id, int rowSize, int rows, int offset)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(entry, id);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], (ushort)rowSize);
        BinaryPrimitives.WriteInt32LittleEndian(entry[4..], rows);
        BinaryPrimitives.WriteInt32LittleEndian(entry[8..], offset);
    }

    /// <summary>
    /// The write positions of the sections, what the projection keeps, and the strings written last by a hash of their length and a few
    /// bytes: a string equal to one of them (attribute keys, service and span names, common values) points at the bytes
    /// written before instead of copying them again. A collision only costs a copy.
    /// </summary>
    private ref struct Rows(
        SpanBatch batch,
        SpanProjection projection,
        Span<byte> bytes,
        Span<byte> resources,
        Span<byte> spanCores,
        Span<byte> spanTexts,
        Span<byte> spanDetails,
        Span<byte> attributes,
        Span<byte> scopes,
        Span<byte> events,
        Span<byte> links,
        Span<WrittenString> seen)
    {
        private readonly SpanBatch _batch = batch;
        private readonly SpanProjection _projection = projection;
        private readonly Span<byte> _bytes = bytes;
        private readonly Span<byte> _resources = resources;
        private readonly Span<byte> _spanCores = spanCores;
        private readonly Span<byte> _spanTexts = spanTexts;
        private readonly Span<byte> _spanDetails = spanDetails;
        private readonly Span<byte> _attributes = attributes;
        private readonly Span<byte> _scopes = scopes;
        private readonly Span<byte> _events = events;
        private readonly Span<byte> _links = links;
        private readonly Span<WrittenString> _seen = seen;
        private int _bytePosition;

        public readonly int BytesWritten => _bytePosition;
        private int _resource;
        private int _span;
        private int _attribute;
        private int _scope;
        private int _event;
        private int _link;

        public void BeginResource(int resourceIndex, int firstSpan)
        {
            var source = _batch.ResourceAttributes(resourceIndex);
            var row = _resources.Slice(_resource * CompactSections.ResourceRowSize, CompactSections.ResourceRowSize);
            BinaryPrimitives.WriteInt32LittleEndian(row, _attribute);
            BinaryPrimitives.WriteInt32LittleEndian(row[4..], WriteAttributes(source));
            BinaryPrimitives.WriteInt32LittleEndian(row[8..], firstSpan);
            BinaryPrimitives.WriteInt32LittleEndian(row[16..], _batch.Resource(resourceIndex).EncodedSize);
        }

        /// <summary>The span count of the resource begun last, known once its run ends.</summary>
        public void EndResource(int spanCount)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_resources[((_resource * CompactSections.ResourceRowSize) + 12)..], spanCount);
            _resource++;
        }

        /// <summary>A scope row for the run of spans that starts here; the spans written next point at it.</summary>
        public void Scope(int scopeIndex)
        {
            ref readonly var scope = ref _batch.Scope(scopeIndex);
            var source = _batch.ScopeAttributes(scope);
            var row = _scopes.Slice(_scope * CompactSections.ScopeRowSize, CompactSections.ScopeRowSize);
            _scope++;
            Range(row, scope.Name);
            Range(row[8..], scope.Version);
            BinaryPrimitives.WriteInt32LittleEndian(row[16..], _attribute);
            BinaryPrimitives.WriteInt32LittleEndian(row[20..], source.Length);
            WriteAttributes(source);
        }

        public void Span(in SpanRef span)
        {
            var index = _span;
            _span++;
            var row = _spanCores.Slice(index * CompactSections.SpanCoreRowSize, CompactSections.SpanCoreRowSize);
            BinaryPrimitives.WriteUInt64LittleEndian(row, span.TraceId.High);
            BinaryPrimitives.WriteUInt64LittleEndian(row[8..], span.TraceId.Low);
            BinaryPrimitives.WriteUInt64LittleEndian(row[16..], span.SpanId.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(row[24..], span.ParentSpanId.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(row[32..], span.StartTimeUnixNano);
            BinaryPrimitives.WriteUInt64LittleEndian(row[40..], span.EndTimeUnixNano);
            BinaryPrimitives.WriteInt32LittleEndian(row[48..], _attribute);
            BinaryPrimitives.WriteInt32LittleEndian(row[52..], WriteAttributes(_batch.SpanAttributes(span)));
            BinaryPrimitives.WriteInt32LittleEndian(row[56..], (int)span.Kind);
            BinaryPrimitives.WriteInt32LittleEndian(row[60..], (int)span.StatusCode);
            if (!_spanTexts.IsEmpty)
            {
                var texts = _spanTexts.Slice(index * CompactSections.SpanTextRowSize, CompactSections.SpanTextRowSize);
                Range(texts, _projection.Name ? span.Name : default);
                Range(texts[8..], _projection.Details ? span.StatusMessage : default);
                Range(texts[16..], _projection.TraceState ? span.TraceState : default);
            }

            if (!_projection.Details)
            {
                return;
            }

            var details = _spanDetails.Slice(index * CompactSections.SpanDetailRowSize, CompactSections.SpanDetailRowSize);
            BinaryPrimitives.WriteInt32LittleEndian(details, Math.Max(_scope - 1, 0));
            BinaryPrimitives.WriteInt32LittleEndian(details[4..], _event);
            BinaryPrimitives.WriteInt32LittleEndian(details[8..], span.EventCount);
            BinaryPrimitives.WriteInt32LittleEndian(details[12..], _link);
            BinaryPrimitives.WriteInt32LittleEndian(details[16..], span.LinkCount);
            BinaryPrimitives.WriteInt32LittleEndian(details[20..], span.EncodedSize);
            foreach (ref readonly var e in _batch.SpanEvents(span))
            {
                var eventRow = _events.Slice(_event * CompactSections.EventRowSize, CompactSections.EventRowSize);
                _event++;
                var eventAttributes = _batch.EventAttributes(e);
                Range(eventRow, e.Name);
                BinaryPrimitives.WriteUInt64LittleEndian(eventRow[8..], e.TimeUnixNano);
                BinaryPrimitives.WriteInt32LittleEndian(eventRow[16..], _attribute);
                BinaryPrimitives.WriteInt32LittleEndian(eventRow[20..], eventAttributes.Length);
                WriteAttributes(eventAttributes);
            }

            foreach (ref readonly var link in _batch.SpanLinks(span))
            {
                var linkRow = _links.Slice(_link * CompactSections.LinkRowSize, CompactSections.LinkRowSize);
                _link++;
                var linkAttributes = _batch.LinkAttributes(link);
                BinaryPrimitives.WriteUInt64LittleEndian(linkRow, link.TraceId.High);
                BinaryPrimitives.WriteUInt64LittleEndian(linkRow[8..], link.TraceId.Low);
                BinaryPrimitives.WriteUInt64LittleEndian(linkRow[16..], link.SpanId.Value);
                BinaryPrimitives.WriteInt32LittleEndian(linkRow[24..], _attribute);
                BinaryPrimitives.WriteInt32LittleEndian(linkRow[28..], linkAttributes.Length);
                WriteAttributes(linkAttributes);
            }
        }

        /// <summary>Writes the attribute rows the projection keeps; returns how many.</summary>
        private int WriteAttributes(scoped ReadOnlySpan<AttributeRef> attributes)
        {
            var first = _attribute;
            foreach (ref readonly var a in attributes)
            {
                if (!_projection.Keeps(_batch, a))
                {
                    continue;
                }

                var row = _attributes.Slice(_attribute * CompactSections.AttributeRowSize, CompactSections.AttributeRowSize);
                _attribute++;
                Range(row, a.Key);
                row[8] = (byte)a.Kind;
                Range(row[9..], a.Value);
                BinaryPrimitives.WriteInt64LittleEndian(row[17..], a.Kind == AnyValueKind.Double ? BitConverter.DoubleToInt64Bits(a.Double) : a.Int);
            }

            return _attribute - first;
        }

        /// <summary>Writes a range's offset in the bytes section and length, copying its bytes there unless they are already.</summary>
        private void Range(Span<byte> field, ByteRange range)
        {
            var offset = 0;
            if (range.Length > 0)
            {
                var source = _batch.Bytes(range);
                ref var seen = ref _seen[(source.Length + (source[0] * 7) + (source[source.Length >> 1] * 31) + (source[^1] * 131)) & (SeenStrings - 1)];
                if (seen.Length == source.Length && _bytes.Slice(seen.Offset, seen.Length).SequenceEqual(source))
                {
                    offset = seen.Offset;
                }
                else
                {
                    offset = _bytePosition;
                    source.CopyTo(_bytes[_bytePosition..]);
                    _bytePosition += source.Length;
                    seen = new WrittenString(offset, source.Length);
                }
            }

            BinaryPrimitives.WriteInt32LittleEndian(field, offset);
            BinaryPrimitives.WriteInt32LittleEndian(field[4..], range.Length);
        }
    }

    /// <summary>A string written to the bytes section: where, and how long (0: none).</summary>
    private readonly record struct WrittenString(int Offset, int Length);
}
