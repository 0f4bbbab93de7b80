using System.Buffers.Binary;
using System.Numerics;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The writer of the earlier OTLP sub-batch layout (<see cref="SpanBatchCodec"/>). Writes a subset of a
/// <see cref="SpanBatch"/>'s spans as an OTLP ExportTraceServiceRequest: one ResourceSpans per run
/// of spans from the same resource, one ScopeSpans each. Only what the batch model holds is written (no scope, events
/// or links), which is all the processors read; the size each span had as received is not that of the span written
/// here and travels beside it (<see cref="SpanBatchCodec"/>). Sizes are computed first so every length prefix is exact
/// and the output is written in one pass without intermediate buffers.
/// </summary>
internal static class OtlpSubsetWriter
{
    // Tags: (field << 3) | wire type. All fields used here are below 16, so every tag is one byte.
    private const byte TagLen1 = (1 << 3) | 2;
    private const byte TagLen2 = (2 << 3) | 2;

    public static int Measure(SpanBatch batch, ReadOnlySpan<int> spans)
    {
        var total = 0;
        var i = 0;
        while (i < spans.Length)
        {
            var run = RunLength(batch, spans, i);
            total += Field(ResourceSpansSize(batch, spans.Slice(i, run)));
            i += run;
        }

        return total;
    }

    /// <summary>Writes the request into <paramref name="destination"/>, which must be <see cref="Measure"/> bytes long.</summary>
    public static void Write(SpanBatch batch, ReadOnlySpan<int> spans, Span<byte> destination)
    {
        var w = new Writer(destination);
        var i = 0;
        while (i < spans.Length)
        {
            var run = RunLength(batch, spans, i);
            var selected = spans.Slice(i, run);
            w.Tag(TagLen1, ResourceSpansSize(batch, selected));

            var attributes = batch.ResourceAttributes(batch.Span(selected[0]).ResourceIndex);
            w.Tag(TagLen1, AttributesSize(attributes));
            WriteAttributes(ref w, batch, attributes, TagLen1);

            var spansSize = 0;
            foreach (var s in selected)
            {
                spansSize += Field(SpanSize(batch, batch.Span(s)));
            }

            w.Tag(TagLen2, spansSize);
            foreach (var s in selected)
            {
                WriteSpan(ref w, batch, batch.Span(s));
            }

            i += run;
        }
    }

    private static int RunLength(SpanBatch batch, ReadOnlySpan<int> spans, int start)
    {
        var resource = batch.Span(spans[start]).ResourceIndex;
        var end = start + 1;
        while (end < spans.Length && batch.Span(spans[end]).ResourceIndex == resource)
        {
            end++;
        }

        return end - start;
    }

    private static int ResourceSpansSize(SpanBatch batch, ReadOnlySpan<int> spans)
    {
        var attributes = batch.ResourceAttributes(batch.Span(spans[0]).ResourceIndex);
        var spansSize = 0;
        foreach (var s in spans)
        {
            spansSize += Field(SpanSize(batch, batch.Span(s)));
        }

        return Field(AttributesSize(attributes)) + Field(spansSize);
    }

    private static int AttributesSize(ReadOnlySpan<AttributeRef> attributes)
    {
        var size = 0;
        foreach (ref readonly var a in attributes)
        {
            size += Field(KeyValueSize(a));
        }

        return size;
    }

    private static int KeyValueSize(in AttributeRef a) => Field(a.Key.Length) + Field(AnyValueSize(a));

    private static int AnyValueSize(in AttributeRef a) => a.Kind switch
    {
        AnyValueKind.String or AnyValueKind.Array or AnyValueKind.KeyValueList or AnyValueKind.Bytes => Field(a.Value.Length),
        AnyValueKind.Bool => 2,
        AnyValueKind.Int => 1 + VarintSize((ulong)a.Int),
        AnyValueKind.Double => 9,
        _ => 0,
    };

    private static int SpanSize(SpanBatch batch, in SpanRef s)
    {
        var size = Field(16) + Field(8);
        size += OptionalField(s.TraceState.Length);
        size += s.ParentSpanId.IsEmpty ? 0 : Field(8);
        size += OptionalField(s.Name.Length);
        size += s.Kind == SpanKind.Unspecified ? 0 : 1 + VarintSize((ulong)s.Kind);
        size += s.StartTimeUnixNano == 0 ? 0 : 9;
        size += s.EndTimeUnixNano == 0 ? 0 : 9;
        size += AttributesSize(batch.SpanAttributes(s));
        var status = StatusSize(s);
        size += status == 0 ? 0 : Field(status);
        return size;
    }

    private static int StatusSize(in SpanRef s) =>
        OptionalField(s.StatusMessage.Length) + (s.StatusCode == StatusCode.Unset ? 0 : 1 + VarintSize((ulong)s.StatusCode));

    private static void WriteSpan(ref Writer w, SpanBatch batch, in SpanRef s)
    {
        w.Tag(TagLen2, SpanSize(batch, s));
        w.Tag(TagLen1, 16);
        s.TraceId.WriteTo(w.Take(16));
        w.Tag(TagLen2, 8);
        BinaryPrimitives.WriteUInt64BigEndian(w.Take(8), s.SpanId.Value);
        w.Bytes((3 << 3) | 2, batch, s.TraceState);
        if (!s.ParentSpanId.IsEmpty)
        {
            w.Tag((4 << 3) | 2, 8);
            BinaryPrimitives.WriteUInt64BigEndian(w.Take(8), s.ParentSpanId.Value);
        }

        w.Bytes((5 << 3) | 2, batch, s.Name);
        if (s.Kind != SpanKind.Unspecified)
        {
            w.Byte(6 << 3);
            w.Varint((ulong)s.Kind);
        }

        w.Fixed64((7 << 3) | 1, s.StartTimeUnixNano);
        w.Fixed64((8 << 3) | 1, s.EndTimeUnixNano);
        WriteAttributes(ref w, batch, batch.SpanAttributes(s), (9 << 3) | 2);
        var status = StatusSize(s);
        if (status != 0)
        {
            w.Tag((15 << 3) | 2, status);
            w.Bytes((2 << 3) | 2, batch, s.StatusMessage);
            if (s.StatusCode != StatusCode.Unset)
            {
                w.Byte(3 << 3);
                w.Varint((ulong)s.StatusCode);
            }
        }
    }

    private static void WriteAttributes(ref Writer w, SpanBatch batch, scoped ReadOnlySpan<AttributeRef> attributes, byte tag)
    {
        foreach (ref readonly var a in attributes)
        {
            w.Tag(tag, KeyValueSize(a));
            w.Tag(TagLen1, a.Key.Length);
            batch.Bytes(a.Key).CopyTo(w.Take(a.Key.Length));
            w.Tag(TagLen2, AnyValueSize(a));
            switch (a.Kind)
            {
                case AnyValueKind.String or AnyValueKind.Array or AnyValueKind.KeyValueList or AnyValueKind.Bytes:
                    w.Tag((byte)(((int)a.Kind << 3) | 2), a.Value.Length);
                    batch.Bytes(a.Value).CopyTo(w.Take(a.Value.Length));
                    break;
                case AnyValueKind.Bool:
                    w.Byte(2 << 3);
                    w.Byte(a.Bool ? (byte)1 : (byte)0);
                    break;
                case AnyValueKind.Int:
                    w.Byte(3 << 3);
                    w.Varint((ulong)a.Int);
                    break;
                case AnyValueKind.Double:
                    w.Byte((4 << 3) | 1);
                    BinaryPrimitives.WriteDoubleLittleEndian(w.Take(8), a.Double);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Size of a length-delimited field with a one-byte tag and a body of the given size.</summary>
    private static int Field(int bodySize) => 1 + VarintSize((uint)bodySize) + bodySize;

    private static int OptionalField(int bodySize) => bodySize == 0 ? 0 : Field(bodySize);

    private static int VarintSize(ulong value) => value == 0 ? 1 : ((64 - BitOperations.LeadingZeroCount(value)) + 6) / 7;

    private ref struct Writer(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private int _position;

        public void Byte(byte b) => _destination[_position++] = b;

        public Span<byte> Take(int count)
        {
            var span = _destination.Slice(_position, count);
            _position += count;
            return span;
        }

        public void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _destination[_position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            _destination[_position++] = (byte)value;
        }

        public void Tag(byte tag, int length)
        {
            Byte(tag);
            Varint((uint)length);
        }

        public void Bytes(byte tag, SpanBatch batch, ByteRange range)
        {
            if (range.Length == 0)
            {
                return;
            }

            Tag(tag, range.Length);
            batch.Bytes(range).CopyTo(Take(range.Length));
        }

        public void Fixed64(byte tag, ulong value)
        {
            if (value == 0)
            {
                return;
            }

            Byte(tag);
            BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);
        }
    }
}
