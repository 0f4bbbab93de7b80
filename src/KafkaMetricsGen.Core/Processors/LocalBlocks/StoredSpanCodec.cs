using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>
/// The on-disk form of a chunk of stored spans: a string table, a resource table and a scope table, then the spans
/// with varints (durations, indexes) and fixed ids and start times, each followed by its events and links. Strings,
/// resources and scopes repeat across the spans of a batch, so the tables carry most of the saving; decoding shares
/// them again. Version 1 chunks (no scopes, events or links) still decode.
/// </summary>
public static class StoredSpanCodec
{
    private const byte Version = 2;
    private const byte VersionWithoutScopes = 1;

    public static byte[] Encode(ReadOnlySpan<StoredSpan> spans)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var stringList = new List<string>();
        var resources = new Dictionary<StoredAttribute[], int>(ReferenceEqualityComparer.Instance);
        var resourceList = new List<StoredAttribute[]>();
        var scopes = new Dictionary<StoredScope, int>(ReferenceEqualityComparer.Instance);
        var scopeList = new List<StoredScope>();
        var body = new ArrayBufferWriterStream();
        body.WriteVarint((ulong)spans.Length);
        Span<byte> ids = stackalloc byte[40];
        foreach (ref readonly var s in spans)
        {
            s.TraceId.WriteTo(ids);
            BinaryPrimitives.WriteUInt64BigEndian(ids[16..], s.SpanId.Value);
            BinaryPrimitives.WriteUInt64BigEndian(ids[24..], s.ParentSpanId.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(ids[32..], s.StartUnixNano);
            body.Write(ids);
            body.WriteVarint(s.DurationNano);
            body.WriteVarint((ulong)Index(strings, stringList, s.Name));
            body.WriteByte((byte)s.Kind);
            body.WriteByte((byte)s.Status);
            body.WriteVarint((ulong)Index(strings, stringList, s.StatusMessage));
            if (!resources.TryGetValue(s.Resource, out var r))
            {
                r = resourceList.Count;
                resources.Add(s.Resource, r);
                resourceList.Add(s.Resource);
            }

            body.WriteVarint((ulong)r);
            WriteAttributes(body, s.Attributes, strings, stringList);
            WriteScope(body, s.Scope, scopes, scopeList);
            WriteEvents(body, s, strings, stringList);
            WriteLinks(body, s, strings, stringList, ids);
        }

        var head = new ArrayBufferWriterStream();
        var resourceBody = new ArrayBufferWriterStream();
        resourceBody.WriteVarint((ulong)resourceList.Count);
        foreach (var res in resourceList)
        {
            WriteAttributes(resourceBody, res, strings, stringList);
        }

        resourceBody.WriteVarint((ulong)scopeList.Count);
        foreach (var scope in scopeList)
        {
            resourceBody.WriteVarint((ulong)Index(strings, stringList, scope.Name));
            resourceBody.WriteVarint((ulong)Index(strings, stringList, scope.Version));
            WriteAttributes(resourceBody, scope.Attributes, strings, stringList);
        }

        head.WriteByte(Version);
        head.WriteVarint((ulong)stringList.Count);
        foreach (var str in stringList)
        {
            var bytes = Encoding.UTF8.GetBytes(str);
            head.WriteVarint((ulong)bytes.Length);
            head.Write(bytes);
        }

        head.Write(resourceBody.WrittenSpan);
        head.Write(body.WrittenSpan);
        return head.WrittenSpan.ToArray();
    }

    public static StoredSpan[] Decode(ReadOnlySpan<byte> data, Func<string, string> intern)
    {
        ArgumentNullException.ThrowIfNull(intern);
        var pos = 0;
        var version = data[pos++];
        if (version is not (Version or VersionWithoutScopes))
        {
            throw new InvalidDataException("unknown stored-span chunk version");
        }

        var stringCount = (int)ReadVarint(data, ref pos);
        var strings = new string[stringCount];
        for (var i = 0; i < stringCount; i++)
        {
            var len = (int)ReadVarint(data, ref pos);
            strings[i] = intern(Encoding.UTF8.GetString(data.Slice(pos, len)));
            pos += len;
        }

        var resourceCount = (int)ReadVarint(data, ref pos);
        var resources = new StoredAttribute[resourceCount][];
        for (var i = 0; i < resourceCount; i++)
        {
            resources[i] = ReadAttributes(data, ref pos, strings);
        }

        var scopeCount = version == Version ? (int)ReadVarint(data, ref pos) : 0;
        var scopes = new StoredScope[scopeCount];
        for (var i = 0; i < scopeCount; i++)
        {
            var name = strings[(int)ReadVarint(data, ref pos)];
            var scopeVersion = strings[(int)ReadVarint(data, ref pos)];
            scopes[i] = new StoredScope(name, scopeVersion, ReadAttributes(data, ref pos, strings));
        }

        var spanCount = (int)ReadVarint(data, ref pos);
        var spans = new StoredSpan[spanCount];
        for (var i = 0; i < spanCount; i++)
        {
            TraceId.TryRead(data.Slice(pos, 16), out var traceId);
            var spanId = new SpanId(BinaryPrimitives.ReadUInt64BigEndian(data[(pos + 16)..]));
            var parent = new SpanId(BinaryPrimitives.ReadUInt64BigEndian(data[(pos + 24)..]));
            var start = BinaryPrimitives.ReadUInt64LittleEndian(data[(pos + 32)..]);
            pos += 40;
            var duration = ReadVarint(data, ref pos);
            var name = strings[(int)ReadVarint(data, ref pos)];
            var kind = (SpanKind)data[pos++];
            var status = (StatusCode)data[pos++];
            var message = strings[(int)ReadVarint(data, ref pos)];
            var resource = resources[(int)ReadVarint(data, ref pos)];
            var attributes = ReadAttributes(data, ref pos, strings);
            if (version == VersionWithoutScopes)
            {
                spans[i] = new StoredSpan(traceId, spanId, parent, start, duration, name, kind, status, message, resource, attributes);
                continue;
            }

            var scopeIndex = (int)ReadVarint(data, ref pos);
            var events = ReadEvents(data, ref pos, strings, start);
            var links = ReadLinks(data, ref pos, strings);
            spans[i] = new StoredSpan(traceId, spanId, parent, start, duration, name, kind, status, message, resource, attributes,
                scopeIndex == 0 ? null : scopes[scopeIndex - 1], events, links);
        }

        return spans;
    }

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

    private static int Index(Dictionary<string, int> strings, List<string> list, string s)
    {
        if (!strings.TryGetValue(s, out var i))
        {
            i = list.Count;
            strings.Add(s, i);
            list.Add(s);
        }

        return i;
    }

    private static void WriteAttributes(ArrayBufferWriterStream w, StoredAttribute[] attributes, Dictionary<string, int> strings, List<string> list)
    {
        w.WriteVarint((ulong)attributes.Length);
        Span<byte> f = stackalloc byte[8];
        foreach (var a in attributes)
        {
            w.WriteVarint((ulong)Index(strings, list, a.Key));
            w.WriteByte((byte)a.Value.Kind);
            switch (a.Value.Kind)
            {
                case StaticKind.String:
                    w.WriteVarint((ulong)Index(strings, list, a.Value.String ?? string.Empty));
                    break;
                case StaticKind.Float:
                    BinaryPrimitives.WriteDoubleLittleEndian(f, a.Value.Float);
                    w.Write(f);
                    break;
                default:
                    // Zigzag so small negative ints stay short.
                    w.WriteVarint((ulong)((a.Value.Int << 1) ^ (a.Value.Int >> 63)));
                    break;
            }
        }
    }

    private static StoredAttribute[] ReadAttributes(ReadOnlySpan<byte> data, ref int pos, string[] strings)
    {
        var count = (int)ReadVarint(data, ref pos);
        if (count == 0)
        {
            return [];
        }

        var attributes = new StoredAttribute[count];
        for (var i = 0; i < count; i++)
        {
            var key = strings[(int)ReadVarint(data, ref pos)];
            var kind = (StaticKind)data[pos++];
            StaticValue value;
            switch (kind)
            {
                case StaticKind.String:
                    value = StaticValue.OfString(strings[(int)ReadVarint(data, ref pos)]);
                    break;
                case StaticKind.Float:
                    value = StaticValue.OfFloat(BinaryPrimitives.ReadDoubleLittleEndian(data[pos..]));
                    pos += 8;
                    break;
                default:
                    var z = ReadVarint(data, ref pos);
                    var n = (long)(z >> 1) ^ -(long)(z & 1);
                    value = kind switch
                    {
                        StaticKind.Bool => StaticValue.OfBool(n != 0),
                        StaticKind.Duration => StaticValue.OfDuration(n),
                        StaticKind.Status => StaticValue.OfStatus((StatusCode)n),
                        StaticKind.Kind => StaticValue.OfKind((SpanKind)n),
                        StaticKind.Int => StaticValue.OfInt(n),
                        _ => StaticValue.Nil,
                    };
                    break;
            }

            attributes[i] = new StoredAttribute(key, value);
        }

        return attributes;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }

            shift += 7;
        }
    }
}
