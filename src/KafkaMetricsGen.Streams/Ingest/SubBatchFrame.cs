using System.Buffers;
using System.Buffers.Binary;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// Several sub-batches in one record of the <c>spans-by-trace</c> topic: the decode stage gathers the sub-batches of
/// many input records bound for the same trace partition and sends them together, so the framework's per-record cost
/// is paid per frame rather than per input record and partition. Each segment keeps its own header (tenant, record
/// time, flags), so batches of different tenants share a frame.
/// </summary>
/// <remarks>
/// Layout: <c>version:u8 (2) | (length:u32 LE | <see cref="SpanBatchCodec"/> sub-batch)*</c>. A record whose first
/// byte is <see cref="SpanBatchCodec.VersionWithoutSizes"/> is a single sub-batch (the format before frames).
/// </remarks>
public static class SubBatchFrame
{
    public const byte Version = 2;

    private const int LengthSize = 4;

    /// <summary>Starts a frame in an empty writer.</summary>
    public static void Begin(ArrayBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.GetSpan(1)[0] = Version;
        writer.Advance(1);
    }

    /// <summary>Appends one sub-batch (the selected spans of <paramref name="batch"/>); returns the bytes written.</summary>
    public static int Append(ArrayBufferWriter<byte> writer, SpanBatch batch, ReadOnlySpan<int> spanIndices)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var size = SpanBatchCodec.Measure(batch, spanIndices);
        var span = writer.GetSpan(LengthSize + size);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)size);
        SpanBatchCodec.Write(batch, spanIndices, span.Slice(LengthSize, size));
        writer.Advance(LengthSize + size);
        return LengthSize + size;
    }

    /// <summary>
    /// The next sub-batch of a record, starting at <paramref name="offset"/> (0 for a new record); false at the end or on
    /// a truncated frame (<paramref name="truncated"/>). A single sub-batch record yields itself once.
    /// </summary>
    public static bool TryNext(ReadOnlySpan<byte> record, ref int offset, out ReadOnlySpan<byte> subBatch, out bool truncated)
    {
        subBatch = default;
        truncated = false;
        if (record.Length == 0 || offset >= record.Length)
        {
            return false;
        }

        if (record[0] != Version)
        {
            if (offset != 0)
            {
                return false;
            }

            subBatch = record;
            offset = record.Length;
            return true;
        }

        if (offset == 0)
        {
            offset = 1;
            if (record.Length == 1)
            {
                return false;
            }
        }

        if (record.Length - offset < LengthSize)
        {
            truncated = true;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(record[offset..]);
        if (length > (uint)(record.Length - offset - LengthSize))
        {
            truncated = true;
            return false;
        }

        subBatch = record.Slice(offset + LengthSize, (int)length);
        offset += LengthSize + (int)length;
        return true;
    }
}
