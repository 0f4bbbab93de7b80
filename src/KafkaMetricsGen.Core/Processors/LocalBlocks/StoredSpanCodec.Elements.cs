using System.Buffers.Binary;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>The parts of a stored span that chunk format 2 added: its scope, events and links.</summary>
public static partial class StoredSpanCodec
{
    // Scope 0 is none; others are their table index + 1.
    private static void WriteScope(ArrayBufferWriterStream w, StoredScope? scope, Dictionary<StoredScope, int> scopes, List<StoredScope> list)
    {
        if (scope is null || ReferenceEquals(scope, StoredScope.Empty))
        {
            w.WriteVarint(0);
            return;
        }

        if (!scopes.TryGetValue(scope, out var index))
        {
            index = list.Count;
            scopes.Add(scope, index);
            list.Add(scope);
        }

        w.WriteVarint((ulong)index + 1);
    }

    // Event times are relative to the span start, zigzagged: an event may precede its span.
    private static void WriteEvents(ArrayBufferWriterStream w, in StoredSpan span, Dictionary<string, int> strings, List<string> list)
    {
        var events = span.EventsOrEmpty;
        w.WriteVarint((ulong)events.Length);
        foreach (ref readonly var e in events)
        {
            var offset = (long)(e.TimeUnixNano - span.StartUnixNano);
            w.WriteVarint((ulong)Index(strings, list, e.Name));
            w.WriteVarint((ulong)((offset << 1) ^ (offset >> 63)));
            WriteAttributes(w, e.Attributes, strings, list);
        }
    }

    private static void WriteLinks(ArrayBufferWriterStream w, in StoredSpan span, Dictionary<string, int> strings, List<string> list, Span<byte> ids)
    {
        var links = span.LinksOrEmpty;
        w.WriteVarint((ulong)links.Length);
        foreach (ref readonly var l in links)
        {
            l.TraceId.WriteTo(ids);
            BinaryPrimitives.WriteUInt64BigEndian(ids[16..], l.SpanId.Value);
            w.Write(ids[..24]);
            WriteAttributes(w, l.Attributes, strings, list);
        }
    }

    private static StoredEvent[]? ReadEvents(ReadOnlySpan<byte> data, ref int pos, string[] strings, ulong start)
    {
        var count = (int)ReadVarint(data, ref pos);
        if (count == 0)
        {
            return null;
        }

        var events = new StoredEvent[count];
        for (var i = 0; i < count; i++)
        {
            var name = strings[(int)ReadVarint(data, ref pos)];
            var z = ReadVarint(data, ref pos);
            var offset = (long)(z >> 1) ^ -(long)(z & 1);
            events[i] = new StoredEvent(name, start + (ulong)offset, ReadAttributes(data, ref pos, strings));
        }

        return events;
    }

    private static StoredLink[]? ReadLinks(ReadOnlySpan<byte> data, ref int pos, string[] strings)
    {
        var count = (int)ReadVarint(data, ref pos);
        if (count == 0)
        {
            return null;
        }

        var links = new StoredLink[count];
        for (var i = 0; i < count; i++)
        {
            TraceId.TryRead(data.Slice(pos, 16), out var traceId);
            var spanId = new SpanId(BinaryPrimitives.ReadUInt64BigEndian(data[(pos + 16)..]));
            pos += 24;
            links[i] = new StoredLink(traceId, spanId, ReadAttributes(data, ref pos, strings));
        }

        return links;
    }
}
