using System.Buffers;
using System.Buffers.Binary;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// The value format of the <c>series-deltas</c> repartition topic: either a tenant's series deltas (one batch, any
/// windows), or a watermark from one generate task. Layout: <c>kind:u8</c> then, for deltas, the
/// <see cref="SeriesDeltaBatch"/> binary form; for a watermark, <c>sourcePartition:i32 LE | sourcePartitions:i32 LE |
/// watermarkMs:i64 LE</c>.
/// </summary>
public static class StageRecord
{
    public const byte Deltas = 1;
    public const byte Watermark = 2;

    private const int WatermarkLength = 1 + 4 + 4 + 8;

    /// <summary>A thread's encoder buffer is dropped after a record larger than this (bytes), so none stays that large.</summary>
    internal const int KeptWriterBytes = 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_writer;

    /// <summary>
    /// The record value of <paramref name="batch"/>: one array of its length. The encoding goes through a buffer the
    /// thread keeps (up to <see cref="KeptWriterBytes"/>), not a new one grown by doubling for every record.
    /// </summary>
    public static byte[] EncodeDeltas(SeriesDeltaBatch batch)
    {
        var writer = t_writer ??= new ArrayBufferWriter<byte>(4096);
        writer.ResetWrittenCount();
        writer.GetSpan(1)[0] = Deltas;
        writer.Advance(1);
        batch.Write(writer);
        var value = writer.WrittenSpan.ToArray();
        if (writer.Capacity > KeptWriterBytes)
        {
            t_writer = null;
        }

        return value;
    }

    public static byte[] EncodeWatermark(int sourcePartition, int sourcePartitions, long watermarkMs)
    {
        var bytes = new byte[WatermarkLength];
        bytes[0] = Watermark;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), sourcePartition);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(5), sourcePartitions);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(9), watermarkMs);
        return bytes;
    }

    public static bool TryReadWatermark(ReadOnlySpan<byte> value, out int sourcePartition, out int sourcePartitions, out long watermarkMs)
    {
        if (value.Length != WatermarkLength || value[0] != Watermark)
        {
            (sourcePartition, sourcePartitions, watermarkMs) = (0, 0, 0);
            return false;
        }

        sourcePartition = BinaryPrimitives.ReadInt32LittleEndian(value[1..]);
        sourcePartitions = BinaryPrimitives.ReadInt32LittleEndian(value[5..]);
        watermarkMs = BinaryPrimitives.ReadInt64LittleEndian(value[9..]);
        return true;
    }

    public static bool TryReadDeltas(ReadOnlySpan<byte> value, out SeriesDeltaBatch batch)
    {
        if (value.Length < 1 || value[0] != Deltas)
        {
            batch = null!;
            return false;
        }

        return SeriesDeltaBatch.TryRead(value[1..], out batch);
    }
}
