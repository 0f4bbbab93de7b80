namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// The internal span-batch model every decoder produces and every processor reads: a tenant, a record time and
/// flat arrays of resources, spans and attributes whose strings are ranges into <see cref="Buffer"/>.
/// A batch is reusable (<see cref="Reset"/>) so the hot path allocates nothing per span once arrays have grown.
/// </summary>
/// <remarks>Deliberately concentrated: the decoders append, the processors read, nothing else touches it.</remarks>
public sealed class SpanBatch
{
    private ResourceRef[] _resources = new ResourceRef[4];
    private SpanRef[] _spans = new SpanRef[128];
    private AttributeRef[] _attributes = new AttributeRef[512];
    private byte[] _buffer = [];
    private int _bufferLength;

    /// <summary>The tenant the batch belongs to.</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>The Kafka record time (or file time) in Unix milliseconds; 0 when unknown.</summary>
    public long RecordTimeUnixMs { get; set; }

    /// <summary>Tempo's skipMetricsGeneration flag from a PushBytesRequest.</summary>
    public bool SkipMetricsGeneration { get; set; }

    /// <summary>Interns strings read from this batch; decoders share one per thread so repeated values do not allocate.</summary>
    public Utf8StringCache Strings { get; set; } = new();

    public int ResourceCount { get; private set; }

    public int SpanCount { get; private set; }

    public int AttributeCount { get; private set; }

    public ReadOnlySpan<byte> Buffer => _buffer.AsSpan(0, _bufferLength);

    public ReadOnlySpan<ResourceRef> Resources => _resources.AsSpan(0, ResourceCount);

    public ReadOnlySpan<SpanRef> Spans => _spans.AsSpan(0, SpanCount);

    public ReadOnlySpan<AttributeRef> Attributes => _attributes.AsSpan(0, AttributeCount);

    public ref readonly SpanRef Span(int index) => ref _spans[index];

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
        _bufferLength = 0;
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
        AppendBuffer(source);
    }

    /// <summary>Appends bytes to the buffer and returns the offset they start at.</summary>
    public int AppendBuffer(ReadOnlySpan<byte> source)
    {
        var offset = _bufferLength;
        var needed = _bufferLength + source.Length;
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, Math.Max(1024, _buffer.Length * 2)));
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

    /// <summary>Drops everything added after the given counts (a decoder rolls back a message it could not finish).</summary>
    public void Truncate(int resourceCount, int spanCount, int attributeCount)
    {
        ResourceCount = resourceCount;
        SpanCount = spanCount;
        AttributeCount = attributeCount;
    }
}
