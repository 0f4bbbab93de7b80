using System.Buffers.Binary;
using System.Numerics;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The writer of the earlier OTLP sub-batch layout (<see cref="SpanBatchCodec"/>), kept for tests and benchmarks.
/// Writes a subset of a <see cref="SpanBatch"/>'s spans as an OTLP ExportTraceServiceRequest: one ResourceSpans per run
/// of spans from the same resource, one ScopeSpans per run of spans from the same scope within it. Only what the batch
/// model holds is written (scope name, version and attributes; span events with name, time and attributes; span links
/// with ids and attributes), which is all the processors read; the size each span had as received is not that of the
/// span written here and travels beside it (<see cref="SpanBatchCodec"/>). Sizes are computed first so every length
/// prefix is exact and the output is written in one pass without intermediate buffers.
/// </summary>
internal static class OtlpSubsetWriter
{
    // Tags: (field << 3) | wire type. All fields used here are below 16, so every tag is one byte. Field numbers:
    // ResourceSpans resource 1, scope_spans 2; ScopeSpans scope 1, spans 2; InstrumentationScope name 1, version 2,
    // attributes 3; Span events 11, links 13; Event time 1, name 2, attributes 3; Link trace_id 1, span_id 2, attributes 4.
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

            var j = 0;
            while (j < selected.Length)
            {
                var scopeRun = ScopeRunLength(batch, selected, j);
                var scoped = selected.Slice(j, scopeRun);
                w.Tag(TagLen2, ScopeSpansSize(batch, scoped));
                var scope = ScopeSize(batch, batch.Span(scoped[0]).ScopeIndex);
                if (scope != 0)
                {
                    ref readonly var sc = ref batch.Scope(batch.Span(scoped[0]).ScopeIndex);
                    w.Tag(TagLen1, scope);
                    w.Bytes(TagLen1, batch, sc.Name);
                    w.Bytes(TagLen2, batch, sc.Version);
                    WriteAttributes(ref w, batch, batch.ScopeAttributes(sc), (3 << 3) | 2);
                }

                foreach (var s in scoped)
                {
                    WriteSpan(ref w, batch, batch.Span(s));
                }

                j += scopeRun;
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

    private static int ScopeRunLength(SpanBatch batch, ReadOnlySpan<int> spans, int start)
    {
        var scope = batch.Span(spans[start]).ScopeIndex;
        var end = start + 1;
        while (end < spans.Length && batch.Span(spans[end]).ScopeIndex == scope)
        {
            end++;
        }

        return end - start;
    }

    private static int ResourceSpansSize(SpanBatch batch, ReadOnlySpan<int> spans)
    {
        var attributes = batch.ResourceAttributes(batch.Span(spans[0]).ResourceIndex);
        var size = Field(AttributesSize(attributes));
        var j = 0;
        while (j < spans.Length)
        {
            var run = ScopeRunLength(batch, spans, j);
            size += Field(ScopeSpansSize(batch, spans.Slice(j, run)));
            j += run;
        }

        return size;
    }

    private static int ScopeSpansSize(SpanBatch batch, ReadOnlySpan<int> spans)
    {
        var size = OptionalField(ScopeSize(batch, batch.Span(spans[0]).ScopeIndex));
        foreach (var s in spans)
        {
            size += Field(SpanSize(batch, batch.Span(s)));
        }

        return size;
    }

    // A batch built by hand may have no scope table; its spans then have no scope.
    private static int ScopeSize(SpanBatch batch, int scopeIndex)
    {
        if (scopeIndex >= batch.ScopeCount)
        {
            return 0;
        }

        ref readonly var scope = ref batch.Scope(scopeIndex);
        return OptionalField(scope.Name.Length) + OptionalField(scope.Version.Length) + AttributesSize(batch.ScopeAttributes(scope));
    }

    private static int EventSize(SpanBatch batch, in EventRef e) =>
        (e.TimeUnixNano == 0 ? 0 : 9) + OptionalField(e.Name.Length) + AttributesSize(batch.EventAttributes(e));

    private static int LinkSize(SpanBatch batch, in LinkRef l) =>
        (l.TraceId.IsEmpty ? 0 : Field(16)) + (l.SpanId.IsEmpty ? 0 : Field(8)) + AttributesSize(batch.LinkAttributes(l));

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
        foreach (ref readonly var e in batch.SpanEvents(s))
        {
            size += Field(EventSize(batch, e));
        }

        foreach (ref readonly var l in batch.SpanLinks(s))
        {
            size += Field(LinkSize(batch, l));
        }

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
        foreach (ref readonly var e in batch.SpanEvents(s))
        {
            w.Tag((11 << 3) | 2, EventSize(batch, e));
            w.Fixed64((1 << 3) | 1, e.TimeUnixNano);
            w.Bytes(TagLen2, batch, e.Name);
            WriteAttributes(ref w, batch, batch.EventAttributes(e), (3 << 3) | 2);
        }

        foreach (ref readonly var l in batch.SpanLinks(s))
        {
            w.Tag((13 << 3) | 2, LinkSize(batch, l));
            if (!l.TraceId.IsEmpty)
            {
                w.Tag(TagLen1, 16);
                l.TraceId.WriteTo(w.Take(16));
            }

            if (!l.SpanId.IsEmpty)
            {
                w.Tag(TagLen2, 8);
                BinaryPrimitives.WriteUInt64BigEndian(w.Take(8), l.SpanId.Value);
            }

            WriteAttributes(ref w, batch, batch.LinkAttributes(l), (4 << 3) | 2);
        }

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
