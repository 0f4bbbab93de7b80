using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>The writer: one pass over the selected spans, every offset known from the <see cref="SubBatchShape"/>.</summary>
public static partial class CompactSubBatch
{
    internal static int Write(SpanBatch batch, ReadOnlySpan<int> spanIndices, in SubBatchShape shape, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var output = destination[..shape.Size];
        output[0] = Version;
        output[1] = batch.SkipMetricsGeneration ? SkipMetricsGenerationFlag : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(output[2..], batch.RecordTimeUnixMs);
        BinaryPrimitives.WriteUInt16LittleEndian(output[10..], (ushort)shape.TenantBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(output[12..], WrittenSections);
        Encoding.UTF8.GetBytes(batch.Tenant, output.Slice(FixedHeaderSize, shape.TenantBytes));
        var table = output[shape.TableOffset..];
        WriteEntry(table, CompactSections.Resources, CompactSections.ResourceRowSize, shape.Resources, shape.ResourcesOffset);
        WriteEntry(table[CompactSections.TableEntrySize..], CompactSections.Spans, CompactSections.SpanRowSize, shape.Spans, shape.SpansOffset);
        WriteEntry(table[(2 * CompactSections.TableEntrySize)..], CompactSections.Attributes, CompactSections.AttributeRowSize, shape.Attributes, shape.AttributesOffset);

        Span<WrittenString> seen = stackalloc WrittenString[SeenStrings];
        seen.Clear();
        var w = new Rows(
            batch,
            output.Slice(shape.BytesOffset, shape.Bytes),
            output.Slice(shape.ResourcesOffset, shape.Resources * CompactSections.ResourceRowSize),
            output.Slice(shape.SpansOffset, shape.Spans * CompactSections.SpanRowSize),
            output.Slice(shape.AttributesOffset, shape.Attributes * CompactSections.AttributeRowSize),
            seen);
        var lastResource = -1;
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

            w.Span(span);
        }

        if (spanIndices.Length > 0)
        {
            w.EndResource(spanIndices.Length - runStart);
        }

        WriteEntry(table[(3 * CompactSections.TableEntrySize)..], CompactSections.Bytes, 1, w.BytesWritten, shape.BytesOffset);
        return shape.BytesOffset + w.BytesWritten;
    }

    private static void WriteEntry(Span<byte> entry, ushort id, int rowSize, int rows, int offset)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(entry, id);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], (ushort)rowSize);
        BinaryPrimitives.WriteInt32LittleEndian(entry[4..], rows);
        BinaryPrimitives.WriteInt32LittleEndian(entry[8..], offset);
    }

    /// <summary>
    /// The write positions of the four sections, and the strings written last by a hash of their length and a few
    /// bytes: a string equal to one of them (attribute keys, service and span names, common values) points at the bytes
    /// written before instead of copying them again. A collision only costs a copy.
    /// </summary>
    private ref struct Rows(SpanBatch batch, Span<byte> bytes, Span<byte> resources, Span<byte> spans, Span<byte> attributes, Span<WrittenString> seen)
    {
        private readonly SpanBatch _batch = batch;
        private readonly Span<byte> _bytes = bytes;
        private readonly Span<byte> _resources = resources;
        private readonly Span<byte> _spans = spans;
        private readonly Span<byte> _attributes = attributes;
        private readonly Span<WrittenString> _seen = seen;
        private int _bytePosition;

        public readonly int BytesWritten => _bytePosition;
        private int _resource;
        private int _span;
        private int _attribute;

        public void BeginResource(int resourceIndex, int firstSpan)
        {
            var source = _batch.ResourceAttributes(resourceIndex);
            var row = _resources.Slice(_resource * CompactSections.ResourceRowSize, CompactSections.ResourceRowSize);
            BinaryPrimitives.WriteInt32LittleEndian(row, _attribute);
            BinaryPrimitives.WriteInt32LittleEndian(row[4..], source.Length);
            BinaryPrimitives.WriteInt32LittleEndian(row[8..], firstSpan);
            BinaryPrimitives.WriteInt32LittleEndian(row[16..], _batch.Resource(resourceIndex).EncodedSize);
            WriteAttributes(source);
        }

        /// <summary>The span count of the resource begun last, known once its run ends.</summary>
        public void EndResource(int spanCount)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_resources[((_resource * CompactSections.ResourceRowSize) + 12)..], spanCount);
            _resource++;
        }

        public void Span(in SpanRef span)
        {
            var row = _spans.Slice(_span * CompactSections.SpanRowSize, CompactSections.SpanRowSize);
            _span++;
            BinaryPrimitives.WriteInt32LittleEndian(row, _resource);
            BinaryPrimitives.WriteUInt64LittleEndian(row[4..], span.TraceId.High);
            BinaryPrimitives.WriteUInt64LittleEndian(row[12..], span.TraceId.Low);
            BinaryPrimitives.WriteUInt64LittleEndian(row[20..], span.SpanId.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(row[28..], span.ParentSpanId.Value);
            Range(row[36..], span.Name);
            BinaryPrimitives.WriteInt32LittleEndian(row[44..], (int)span.Kind);
            BinaryPrimitives.WriteInt32LittleEndian(row[48..], (int)span.StatusCode);
            Range(row[52..], span.StatusMessage);
            Range(row[60..], span.TraceState);
            BinaryPrimitives.WriteUInt64LittleEndian(row[68..], span.StartTimeUnixNano);
            BinaryPrimitives.WriteUInt64LittleEndian(row[76..], span.EndTimeUnixNano);
            var attributes = _batch.SpanAttributes(span);
            BinaryPrimitives.WriteInt32LittleEndian(row[84..], _attribute);
            BinaryPrimitives.WriteInt32LittleEndian(row[88..], attributes.Length);
            BinaryPrimitives.WriteInt32LittleEndian(row[92..], span.EncodedSize);
            WriteAttributes(attributes);
        }

        private void WriteAttributes(scoped ReadOnlySpan<AttributeRef> attributes)
        {
            foreach (ref readonly var a in attributes)
            {
                var row = _attributes.Slice(_attribute * CompactSections.AttributeRowSize, CompactSections.AttributeRowSize);
                _attribute++;
                Range(row, a.Key);
                row[8] = (byte)a.Kind;
                Range(row[9..], a.Value);
                BinaryPrimitives.WriteInt64LittleEndian(row[17..], a.Kind == AnyValueKind.Double ? BitConverter.DoubleToInt64Bits(a.Double) : a.Int);
            }
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
