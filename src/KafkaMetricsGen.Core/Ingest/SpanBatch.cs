namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// The internal span-batch model every decoder produces and every processor reads: a tenant, a record time and
/// flat arrays of resources, scopes, spans, span events, span links and attributes whose strings are ranges into
/// <see cref="Buffer"/>.
/// A batch is reusable (<see cref="Reset"/>) so the hot path allocates nothing per span once arrays have grown.
/// </summary>
/// <remarks>Deliberately concentrated: the decoders append, the processors read, nothing else touches it.</remarks>
public sealed class SpanBatch
{
    private Utf8StringCache? _strings;

    private ResourceRef[] _resources = new ResourceRef[4];
    private SpanRef[] _spans = new SpanRef[128];
    private AttributeRef[] _attributes = new AttributeRef[512];
    private ScopeRef[] _scopes = new ScopeRef[4];
    private EventRef[] _events = new EventRef[16];
    private LinkRef[] _links = new LinkRef[16];
    private byte[] _buffer = [];
    private byte[] _ownBuffer = [];
    private int _bufferLength;

    /// <summary>The tenant the batch belongs to.</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>The Kafka record time (or file time) in Unix milliseconds; 0 when unknown.</summary>
    public long RecordTimeUnixMs { get; set; }

    /// <summary>Tempo's skipMetricsGeneration flag from a PushBytesRequest.</summary>
    public bool SkipMetricsGeneration { get; set; }

    /// <summary>
    /// Interns strings read from this batch; decoders share one per thread so repeated values do not allocate
    /// (<see cref="Utf8StringCache.OfCurrentThread"/>). A batch that is given none makes its own on first use.
    /// </summary>
    public Utf8StringCache Strings
    {
        get => _strings ??= new Utf8StringCache();
        set => _strings = value;
    }

    public int ResourceCount { get; private set; }

    public int SpanCount { get; private set; }

    public int AttributeCount { get; private set; }

    public int ScopeCount { get; private set; }

    public int EventCount { get; private set; }

    public int LinkCount { get; private set; }

    public ReadOnlySpan<byte> Buffer => _buffer.AsSpan(0, _bufferLength);

    public ReadOnlySpan<ResourceRef> Resources => _resources.AsSpan(0, ResourceCount);

    public ReadOnlySpan<SpanRef> Spans => _spans.AsSpan(0, SpanCount);

    public ReadOnlySpan<AttributeRef> Attributes => _attributes.AsSpan(0, AttributeCount);

    public ReadOnlySpan<ScopeRef> Scopes => _scopes.AsSpan(0, ScopeCount);

    public ReadOnlySpan<EventRef> Events => _events.AsSpan(0, EventCount);

    public ReadOnlySpan<LinkRef> Links => _links.AsSpan(0, LinkCount);

    public ref readonly SpanRef Span(int index) => ref _spans[index];

    public ref readonly ScopeRef Scope(int index) => ref _scopes[index];

    public ref readonly ResourceRef Resource(int index) => ref _resources[index];

    public ReadOnlySpan<byte> Bytes(ByteRange range) => _buffer.AsSpan(range.Offset, range.Length);

    /// <summary>The string for a range, interned (see <see cref="Utf8StringCache"/>).</summary>
    public string String(ByteRange range) => range.Length == 0 ? string.Empty : Strings.Get(Bytes(range));

    public ReadOnlySpan<AttributeRef> ResourceAttributes(int resourceIndex)
    {
        ref readonly var r = ref _resources[resourceIndex];
        return _attributes.AsSpan(r.AttributeStart, r.AttributeCount);
    }

    public ReadOnlySpan<AttributeRef> SpanAttributes(in SpanRef span) => _attributes.AsSpan(span.AttributeStart, span.AttributeCount);

    public ReadOnlySpan<AttributeRef> ScopeAttributes(in ScopeRef scope) => _attributes.AsSpan(scope.AttributeStart, scope.AttributeCount);

    public ReadOnlySpan<EventRef> SpanEvents(in SpanRef span) => _events.AsSpan(span.EventStart, span.EventCount);

    public ReadOnlySpan<LinkRef> SpanLinks(in SpanRef span) => _links.AsSpan(span.LinkStart, span.LinkCount);

    public ReadOnlySpan<AttributeRef> EventAttributes(in EventRef spanEvent) => _attributes.AsSpan(spanEvent.AttributeStart, spanEvent.AttributeCount);

    public ReadOnlySpan<AttributeRef> LinkAttributes(in LinkRef link) => _attributes.AsSpan(link.AttributeStart, link.AttributeCount);

    public ReadOnlySpan<SpanRef> ResourceSpans(int resourceIndex)
    {
        ref readonly var r = ref _resources[resourceIndex];
        return _spans.AsSpan(r.SpanStart, r.SpanCount);
    }

    /// <summary>Finds the first attribute with the given UTF-8 key (the first occurrence decides, as in Tempo).</summary>
    public bool TryFind(ReadOnlySpan<AttributeRef> attributes, ReadOnlySpan<byte> keyUtf8, out AttributeRef attribute)
    {
        foreach (ref readonly var a in attributes)
        {
            if (a.Key.Length == keyUtf8.Length && Bytes(a.Key).SequenceEqual(keyUtf8))
            {
                attribute = a;
                return true;
            }
        }

        attribute = default;
        return false;
    }

    /// <summary>Clears the batch for reuse, keeping the grown arrays.</summary>
    public void Reset()
    {
        ResourceCount = 0;
        SpanCount = 0;
        AttributeCount = 0;
        ScopeCount = 0;
        EventCount = 0;
        LinkCount = 0;
        _bufferLength = 0;
        _buffer = _ownBuffer;
        Tenant = string.Empty;
        RecordTimeUnixMs = 0;
        SkipMetricsGeneration = false;
    }

    /// <summary>
    /// Makes <paramref name="source"/> the batch buffer (copied into a reused array); ranges added afterwards point into it.
    /// Decoders that concatenate several payloads call <see cref="AppendBuffer"/> instead.
    /// </summary>
    public void SetBuffer(ReadOnlySpan<byte> source)
    {
        _bufferLength = 0;
        _buffer = _ownBuffer;
        AppendBuffer(source);
    }

    /// <summary>
    /// Makes the first <paramref name="length"/> bytes of <paramref name="source"/> the batch buffer without copying them:
    /// the batch reads them until its next <see cref="Reset"/> or <see cref="SetBuffer"/>, so the caller must not change
    /// them before; an <see cref="AppendBuffer"/> copies them into the batch's own array first.
    /// </summary>
    public void BorrowBuffer(byte[] source, int length)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, source.Length);
        _buffer = source;
        _bufferLength = length;
    }

    /// <summary>Appends bytes to the buffer and returns the offset they start at.</summary>
    public int AppendBuffer(ReadOnlySpan<byte> source)
    {
        var offset = _bufferLength;
        var needed = _bufferLength + source.Length;
        if (!ReferenceEquals(_buffer, _ownBuffer) || needed > _ownBuffer.Length)
        {
            // Grown, or a borrowed buffer taken into the batch's own array before it changes.
            var own = needed > _ownBuffer.Length ? new byte[Math.Max(needed, Math.Max(1024, _ownBuffer.Length * 2))] : _ownBuffer;
            _buffer.AsSpan(0, _bufferLength).CopyTo(own);
            _ownBuffer = own;
            _buffer = own;
        }

        source.CopyTo(_buffer.AsSpan(_bufferLength));
        _bufferLength = needed;
        return offset;
    }

    public int AddResource(in ResourceRef resource)
    {
        if (ResourceCount == _resources.Length)
        {
            Array.Resize(ref _resources, _resources.Length * 2);
        }

        _resources[ResourceCount] = resource;
        return ResourceCount++;
    }

    /// <summary>Replaces a resource added earlier (decoders learn span counts after the spans).</summary>
    public void SetResource(int index, in ResourceRef resource) => _resources[index] = resource;

    public int AddSpan(in SpanRef span)
    {
        if (SpanCount == _spans.Length)
        {
            Array.Resize(ref _spans, _spans.Length * 2);
        }

        _spans[SpanCount] = span;
        return SpanCount++;
    }

    /// <summary>Replaces a span added earlier (the trace hop restores each span's size as received).</summary>
    public void SetSpan(int index, in SpanRef span)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)SpanCount, nameof(index));
        _spans[index] = span;
    }

    public int AddAttribute(in AttributeRef attribute)
    {
        if (AttributeCount == _attributes.Length)
        {
            Array.Resize(ref _attributes, _attributes.Length * 2);
        }

        _attributes[AttributeCount] = attribute;
        return AttributeCount++;
    }

    public int AddScope(in ScopeRef scope)
    {
        if (ScopeCount == _scopes.Length)
        {
            Array.Resize(ref _scopes, _scopes.Length * 2);
        }

        _scopes[ScopeCount] = scope;
        return ScopeCount++;
    }

    /// <summary>Replaces a scope added earlier (the scope message may follow its spans on the wire).</summary>
    public void SetScope(int index, in ScopeRef scope) => _scopes[index] = scope;

    public int AddEvent(in EventRef spanEvent)
    {
        if (EventCount == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        _events[EventCount] = spanEvent;
        return EventCount++;
    }

    public int AddLink(in LinkRef link)
    {
        if (LinkCount == _links.Length)
        {
            Array.Resize(ref _links, _links.Length * 2);
        }

        _links[LinkCount] = link;
        return LinkCount++;
    }

    /// <summary>The counts of every table, taken before a message so <see cref="Truncate"/> can roll it back.</summary>
    public SpanBatchMark Mark() => new(ResourceCount, SpanCount, AttributeCount, ScopeCount, EventCount, LinkCount);

    /// <summary>Drops everything added after the mark (a decoder rolls back a message it could not finish).</summary>
    public void Truncate(in SpanBatchMark mark)
    {
        ResourceCount = mark.Resources;
        SpanCount = mark.Spans;
        AttributeCount = mark.Attributes;
        ScopeCount = mark.Scopes;
        EventCount = mark.Events;
        LinkCount = mark.Links;
    }
}
