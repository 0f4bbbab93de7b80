namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// What a reader of spans needs from each: the attributes with some keys (on the span and its resource), and of the
/// span's own strings the name and the trace state when asked. Ids, kind, status code and times are always kept. A
/// writer that knows its reader (the spans-by-trace hop when only service graphs read it) writes this much and no more;
/// <see cref="Everything"/> keeps every field, scopes, events, links and sizes as received included (span metrics, the
/// only reader of sizes, runs where the record arrives, before the hop). Built once per
/// tenant configuration; asking costs an array read for most keys.
/// </summary>
public sealed class SpanProjection
{
    private readonly AttributeKeyIndex? _keys;

    private SpanProjection(AttributeKeyIndex? keys, bool name, bool traceState)
    {
        _keys = keys;
        Name = name;
        TraceState = traceState;
    }

    /// <summary>Every field of every span, as decoded.</summary>
    public static SpanProjection Everything { get; } = new(null, true, true);

    /// <summary>True when the span name is kept.</summary>
    public bool Name { get; }

    /// <summary>True when the trace state is kept.</summary>
    public bool TraceState { get; }

    /// <summary>True when the status message, scopes, span events and span links are kept (only with <see cref="Everything"/>).</summary>
    public bool Details => _keys is null;

    /// <summary>Keeps the span and resource attributes with <paramref name="attributeKeys"/> (UTF-8), and the name or trace state when asked.</summary>
    public static SpanProjection Of(IEnumerable<byte[]> attributeKeys, bool name, bool traceState)
    {
        ArgumentNullException.ThrowIfNull(attributeKeys);
        var keys = new AttributeKeyIndex();
        foreach (var key in attributeKeys)
        {
            keys.Add(key);
        }

        return new SpanProjection(keys, name, traceState);
    }

    /// <summary>True when an attribute with this key is kept.</summary>
    public bool Keeps(ReadOnlySpan<byte> key) => _keys is null || _keys.Contains(key);

    /// <summary>True when <paramref name="attribute"/> of <paramref name="batch"/> is kept; reads no key when everything is.</summary>
    public bool Keeps(SpanBatch batch, in AttributeRef attribute) => _keys is null || _keys.Contains(batch.Bytes(attribute.Key));
}
