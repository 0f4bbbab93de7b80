using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The sub-batch layout of earlier releases, replaced by <see cref="CompactSubBatch"/> and still read
/// (<see cref="SubBatchFrame.Read"/>) so frames left in the <c>spans-by-trace</c> topic by an earlier release survive an
/// upgrade; its writer serves the tests of that path and the benchmark that compares the two layouts. A small header
/// (format version, flags, record time, tenant), the size of each selected span as received, then an OTLP
/// ExportTraceServiceRequest holding only the selected spans, decoded with the ordinary otlp_proto decoder. The sizes travel beside the spans
/// because a span re-encoded from the batch model is not the span that was received: events, links, flags, dropped
/// counts and empty fields (an empty status, which the Collector always writes) are gone, and span-metrics size_total
/// counts what was received.
/// </summary>
/// <remarks>
/// Layout: <c>version:u8 (3) | flags:u8 | recordTimeUnixMs:i64 LE | tenantLength:u16 LE | tenant UTF-8 | spanCount:u32 LE
/// | encodedSize:varint × spanCount | OTLP bytes</c>. Flag bit 0 is Tempo's skipMetricsGeneration. Version 1, written
/// before the sizes travelled, has no count and sizes; it is still read, with the sizes its OTLP spans decode to.
/// </remarks>
public static class SpanBatchCodec
{
    public const byte Version = 3;

    /// <summary>The format without sizes: still read, so a spans-by-trace backlog survives an upgrade.</summary>
    public const byte VersionWithoutSizes = 1;

    private const int FixedHeaderSize = 1 + 1 + 8 + 2;
    private const int SpanCountSize = 4;
    private const byte SkipMetricsGenerationFlag = 1;

    /// <summary>Encodes the batch header and the selected spans (indices in batch order) into a new array.</summary>
    public static byte[] Encode(SpanBatch batch, ReadOnlySpan<int> spanIndices)
    {
        var result = new byte[Measure(batch, spanIndices)];
        Write(batch, spanIndices, result);
        return result;
    }

    /// <summary>The encoded size of the batch header and the selected spans.</summary>
    public static int Measure(SpanBatch batch, ReadOnlySpan<int> spanIndices)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tenantLength = Encoding.UTF8.GetByteCount(batch.Tenant);
        if (tenantLength > ushort.MaxValue)
        {
            throw new ArgumentException("tenant longer than 65535 bytes", nameof(batch));
        }

        var sizes = 0;
        foreach (var i in spanIndices)
        {
            sizes += VarintSize((uint)batch.Span(i).EncodedSize);
        }

        return FixedHeaderSize + tenantLength + SpanCountSize + sizes + OtlpSubsetWriter.Measure(batch, spanIndices);
    }

    /// <summary>Writes what <see cref="Measure"/> measured into <paramref name="destination"/>, exactly that long.</summary>
    public static void Write(SpanBatch batch, ReadOnlySpan<int> spanIndices, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tenantLength = Encoding.UTF8.GetByteCount(batch.Tenant);
        destination[0] = Version;
        destination[1] = batch.SkipMetricsGeneration ? SkipMetricsGenerationFlag : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(destination[2..], batch.RecordTimeUnixMs);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], (ushort)tenantLength);
        Encoding.UTF8.GetBytes(batch.Tenant, destination.Slice(FixedHeaderSize, tenantLength));
        var position = FixedHeaderSize + tenantLength;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[position..], (uint)spanIndices.Length);
        position += SpanCountSize;
        foreach (var i in spanIndices)
        {
            position += WriteVarint(destination[position..], (uint)batch.Span(i).EncodedSize);
        }

        OtlpSubsetWriter.Write(batch, spanIndices, destination[position..]);
    }

    /// <summary>Encodes every span of the batch.</summary>
    public static byte[] Encode(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var all = ArrayPool<int>.Shared.Rent(Math.Max(1, batch.SpanCount));
        try
        {
            for (var i = 0; i < batch.SpanCount; i++)
            {
                all[i] = i;
            }

            return Encode(batch, all.AsSpan(0, batch.SpanCount));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(all);
        }
    }

    /// <summary>
    /// Decodes a sub-batch with an otlp_proto decoder into <paramref name="batch"/> (reset first) and restores the
    /// tenant, record time, flags and each span's size as received from the header.
    /// </summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> value, ISpanBatchDecoder otlpProtoDecoder, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(otlpProtoDecoder);
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset();
        if (value.Length < FixedHeaderSize)
        {
            return DecodeResult.Fail(DecodeFailureReasons.Truncated, "sub-batch shorter than its header");
        }

        if (value[0] != Version && value[0] != VersionWithoutSizes)
        {
            return DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, $"sub-batch format version {value[0]}, expected {Version}");
        }

        var tenantLength = BinaryPrimitives.ReadUInt16LittleEndian(value[10..]);
        if (value.Length < FixedHeaderSize + tenantLength)
        {
            return DecodeResult.Fail(DecodeFailureReasons.Truncated, "sub-batch tenant runs past the end");
        }

        var spanCount = 0;
        var sizesLength = 0;
        var body = value[(FixedHeaderSize + tenantLength)..];
        if (value[0] == Version && !TryMeasureSizes(body, out spanCount, out sizesLength))
        {
            return DecodeResult.Fail(DecodeFailureReasons.Truncated, "sub-batch span sizes run past the end");
        }

        var sizes = body.Slice(value[0] == Version ? SpanCountSize : 0, sizesLength);
        var otlp = body[(value[0] == Version ? SpanCountSize + sizesLength : 0)..];

        var result = otlpProtoDecoder.Decode(default, otlp, batch);
        if (result.Success && value[0] == Version)
        {
            if (batch.SpanCount != spanCount)
            {
                return DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, $"sub-batch holds {batch.SpanCount} spans but {spanCount} sizes");
            }

            for (var i = 0; i < spanCount; i++)
            {
                sizes = sizes[ReadVarint(sizes, out var size)..];
                batch.SetSpan(i, batch.Span(i) with { EncodedSize = (int)size });
            }
        }

        batch.Tenant = batch.Strings.Get(value.Slice(FixedHeaderSize, tenantLength));
        batch.RecordTimeUnixMs = BinaryPrimitives.ReadInt64LittleEndian(value[2..]);
        batch.SkipMetricsGeneration = (value[1] & SkipMetricsGenerationFlag) != 0;
        return result;
    }

    /// <summary>Reads the span count at the front of <paramref name="body"/> and measures the sizes after it; false when they run past its end.</summary>
    private static bool TryMeasureSizes(ReadOnlySpan<byte> body, out int spanCount, out int sizesLength)
    {
        spanCount = 0;
        sizesLength = 0;
        if (body.Length < SpanCountSize)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var position = SpanCountSize;
        for (var i = 0u; i < count; i++)
        {
            var read = ReadVarint(body[position..], out _);
            if (read == 0)
            {
                return false;
            }

            position += read;
        }

        spanCount = (int)count;
        sizesLength = position - SpanCountSize;
        return true;
    }

    /// <summary>Reads a varint of up to 32 bits; returns the bytes read, 0 when it runs past the end or is too long.</summary>
    private static int ReadVarint(ReadOnlySpan<byte> source, out uint value)
    {
        value = 0;
        for (var i = 0; i < 5 && i < source.Length; i++)
        {
            value |= (uint)(source[i] & 0x7F) << (7 * i);
            if (source[i] < 0x80)
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static int WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i] = (byte)value;
        return i + 1;
    }

    private static int VarintSize(uint value) => value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
}
