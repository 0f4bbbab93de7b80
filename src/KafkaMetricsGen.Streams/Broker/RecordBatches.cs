using System.Buffers.Binary;
using System.Numerics;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// The fields of Kafka's v2 record batch header the proxy reads or rewrites, and the rewriting of a fetched record
/// set for a read_committed reader: batches of aborted transactions lose their records (their header stays, so the
/// reader's position moves past them, as it does past a batch emptied by compaction), and the set ends before the
/// first batch of a transaction still open.
/// </summary>
internal static class RecordBatches
{
    /// <summary>base_offset i64 + batch_length i32: the part of a batch not counted in batch_length.</summary>
    public const int LogOverheadBytes = 12;

    /// <summary>The whole v2 header up to and including records_count.</summary>
    public const int HeaderBytes = 61;

    private const int BatchLengthOffset = 8;
    private const int MagicOffset = 16;
    private const int CrcOffset = 17;
    private const int AttributesOffset = 21;
    private const int ProducerIdOffset = 43;
    private const int RecordsCountOffset = 57;
    private const byte CurrentMagic = 2;
    private const short CompressionMask = 0x07;
    private const short TransactionalFlag = 0x10;
    private const short ControlFlag = 0x20;

    /// <summary>The producer id of the first batch of a produced record set, and whether it is transactional.</summary>
    public static bool TryReadProducer(ReadOnlySpan<byte> records, out long producerId, out bool transactional)
    {
        producerId = -1;
        transactional = false;
        if (records.Length < HeaderBytes || records[MagicOffset] != CurrentMagic)
        {
            return false;
        }

        producerId = BinaryPrimitives.ReadInt64BigEndian(records[ProducerIdOffset..]);
        transactional = (BinaryPrimitives.ReadInt16BigEndian(records[AttributesOffset..]) & TransactionalFlag) != 0;
        return true;
    }

    /// <summary>
    /// Writes what a read_committed reader may see of a fetched record set; returns the offset the set now stops
    /// at because of an open transaction, or -1 when it was not cut. A trailing partial batch is left out.
    /// </summary>
    public static long FilterCommitted(ReadOnlySpan<byte> records, string topic, int partition, TransactionVisibility visibility, KafkaWireWriter output, out int hidden)
    {
        hidden = 0;
        var position = 0;
        while (records.Length - position >= LogOverheadBytes)
        {
            var batch = records[position..];
            var baseOffset = BinaryPrimitives.ReadInt64BigEndian(batch);
            var length = LogOverheadBytes + (long)BinaryPrimitives.ReadInt32BigEndian(batch[BatchLengthOffset..]);
            if (length > batch.Length || length < HeaderBytes)
            {
                break;
            }

            batch = batch[..(int)length];
            position += (int)length;
            var attributes = batch[MagicOffset] == CurrentMagic ? BinaryPrimitives.ReadInt16BigEndian(batch[AttributesOffset..]) : (short)0;
            if ((attributes & TransactionalFlag) == 0 || (attributes & ControlFlag) != 0)
            {
                output.WriteRaw(batch);
                continue;
            }

            switch (visibility.Decide(topic, partition, BinaryPrimitives.ReadInt64BigEndian(batch[ProducerIdOffset..]), baseOffset))
            {
                case TransactionVisibility.Visibility.Deliver:
                    output.WriteRaw(batch);
                    break;
                case TransactionVisibility.Visibility.Hide:
                    output.WriteRaw(Emptied(batch));
                    hidden++;
                    break;
                default:
                    return baseOffset;
            }
        }

        return -1;
    }

    /// <summary>The batch's header with no records (and no compression), its length and checksum made to match.</summary>
    public static byte[] Emptied(ReadOnlySpan<byte> batch)
    {
        var header = batch[..HeaderBytes].ToArray();
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(BatchLengthOffset), HeaderBytes - LogOverheadBytes);
        var attributes = (short)(BinaryPrimitives.ReadInt16BigEndian(header.AsSpan(AttributesOffset)) & ~CompressionMask);
        BinaryPrimitives.WriteInt16BigEndian(header.AsSpan(AttributesOffset), attributes);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(RecordsCountOffset), 0);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(CrcOffset), Crc32C(header.AsSpan(AttributesOffset)));
        return header;
    }

    /// <summary>CRC-32C (Castagnoli) as the v2 batch checksum uses it: from the attributes to the end of the batch.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
