using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The value format of the <c>spans-by-trace</c> repartition topic: a small header (format version, flags, record
/// time, tenant) followed by an OTLP ExportTraceServiceRequest holding only the selected spans, so the generate stage
/// decodes the payload with the ordinary otlp_proto decoder.
/// </summary>
/// <remarks>
/// Layout: <c>version:u8 | flags:u8 | recordTimeUnixMs:i64 LE | tenantLength:u16 LE | tenant UTF-8 | OTLP bytes</c>.
/// Flag bit 0 is Tempo's skipMetricsGeneration.
/// </remarks>
public static class SpanBatchCodec
{
    public const byte Version = 1;

    private const int FixedHeaderSize = 1 + 1 + 8 + 2;
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

        return FixedHeaderSize + tenantLength + OtlpSubsetWriter.Measure(batch, spanIndices);
    }

    /// <summary>Writes what <see cref="Measure"/> measured into <paramref name="destination"/>, exactly that long.</summary>
    public static void Write(SpanBatch batch, ReadOnlySpan<int> spanIndices, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tenantLength = Encoding.UTF8.GetByteCount(batch.Tenant);
        var headerSize = FixedHeaderSize + tenantLength;
        destination[0] = Version;
        destination[1] = batch.SkipMetricsGeneration ? SkipMetricsGenerationFlag : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(destination[2..], batch.RecordTimeUnixMs);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], (ushort)tenantLength);
        Encoding.UTF8.GetBytes(batch.Tenant, destination.Slice(FixedHeaderSize, tenantLength));
        OtlpSubsetWriter.Write(batch, spanIndices, destination[headerSize..]);
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
    /// tenant, record time and flags from the header.
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

        if (value[0] != Version)
        {
            return DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, $"sub-batch format version {value[0]}, expected {Version}");
        }

        var tenantLength = BinaryPrimitives.ReadUInt16LittleEndian(value[10..]);
        if (value.Length < FixedHeaderSize + tenantLength)
        {
            return DecodeResult.Fail(DecodeFailureReasons.Truncated, "sub-batch tenant runs past the end");
        }

        var result = otlpProtoDecoder.Decode(default, value[(FixedHeaderSize + tenantLength)..], batch);
        batch.Tenant = batch.Strings.Get(value.Slice(FixedHeaderSize, tenantLength));
        batch.RecordTimeUnixMs = BinaryPrimitives.ReadInt64LittleEndian(value[2..]);
        batch.SkipMetricsGeneration = (value[1] & SkipMetricsGenerationFlag) != 0;
        return result;
    }
}
