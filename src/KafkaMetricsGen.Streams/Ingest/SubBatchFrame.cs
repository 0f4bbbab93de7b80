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
/// Layout: <c>version:u8 (2) | (length:u32 LE | sub-batch)* | [length 0 | zero padding]</c>. A sub-batch's first byte is
/// its own version: <see cref="CompactSubBatch"/> (written today) or the OTLP layout of <see cref="SpanBatchCodec"/>
/// (written before, still read, so a backlog survives an upgrade). A zero length ends the frame early: what follows is
/// padding, which lets the decode stage send frames in reused arrays of a few sizes (<see cref="FrameArrays"/>). A record
/// whose first byte is <see cref="SpanBatchCodec.VersionWithoutSizes"/> is a single sub-batch (the format before frames).
/// </remarks>
public static class SubBatchFrame
{
    public const byte Version = 2;

    /// <summary>The length prefix of a sub-batch; a zero one ends the frame.</summary>
    public const int LengthSize = 4;

    /// <summary>Starts a frame in an empty writer.</summary>
    public static void Begin<TWriter>(TWriter writer)
        where TWriter : class, IBufferWriter<byte>
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.GetSpan(1)[0] = Version;
        writer.Advance(1);
    }

    /// <summary>
    /// Appends one sub-batch (the selected spans of <paramref name="batch"/>, with what <paramref name="projection"/>
    /// keeps of them, everything when null); returns the bytes written.
    /// </summary>
    public static int Append<TWriter>(TWriter writer, SpanBatch batch, ReadOnlySpan<int> spanIndices, SpanProjection? projection = null)
        where TWriter : class, IBufferWriter<byte>
    {
        ArgumentNullException.ThrowIfNull(writer);
        projection ??= SpanProjection.Everything;
        var shape = CompactSubBatch.Shape(batch, spanIndices, projection);
        var span = writer.GetSpan(LengthSize + shape.Size);
        var size = CompactSubBatch.Write(batch, spanIndices, projection, shape, span[LengthSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)size);
        writer.Advance(LengthSize + size);
        return LengthSize + size;
    }

    /// <summary>
    /// Reads one sub-batch of a frame into <paramref name="batch"/> in the layout its version byte names; the OTLP layout
    /// of an older writer is decoded with <paramref name="otlpProtoDecoder"/>. An unknown version is a failure.
    /// </summary>
    public static DecodeResult Read(ReadOnlySpan<byte> subBatch, ISpanBatchDecoder otlpProtoDecoder, SpanBatch batch) =>
        subBatch.IsEmpty || subBatch[0] == CompactSubBatch.Version
            ? CompactSubBatch.Read(subBatch, batch)
            : subBatch[0] is SpanBatchCodec.Version or SpanBatchCodec.VersionWithoutSizes
                ? SpanBatchCodec.Decode(subBatch, otlpProtoDecoder, batch)
                : DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, $"sub-batch format version {subBatch[0]}, expected {CompactSubBatch.Version}");

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
        if (length == 0)
        {
            // The end of a padded frame.
            offset = record.Length;
            return false;
        }

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
