using System.Buffers.Binary;
using System.Numerics;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// The fields of Kafka's v2 record batch header the proxy reads or rewrites, and the rewriting of a fetched record
/// set for a read_committed reader: a batch of an aborted transaction becomes a control batch over the same offsets
/// holding one COMMIT marker at its last offset (readers skip control batches and move past them; a batch left with
/// no records at all would look like a record too large to fetch), and the set ends before the first batch of a
/// transaction still open.
/// </summary>
internal static class RecordBatches
{
    /// <summary>base_offset i64 + batch_length i32: the part of a batch not counted in batch_length.</summary>
    public const int LogOverheadBytes = 12;

    /// <summary>The whole v2 header up to and including records_count.</summary>
    public const int HeaderBytes = 61;

    public const int BatchLengthOffset = 8;
    private const int MagicOffset = 16;
    private const int CrcOffset = 17;
    public const int AttributesOffset = 21;
    private const int ProducerIdOffset = 43;
    private const int RecordsCountOffset = 57;
    private const byte CurrentMagic = 2;
    public const short CompressionMask = 0x07;
    private const short TransactionalFlag = 0x10;
    public const short ControlFlag = 0x20;
    private const int LastOffsetDeltaOffset = 23;
    private const short ControlRecordVersion = 0;
    private const short CommitMarker = 1;

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
    /// True when <see cref="FilterCommitted"/> would write <paramref name="records"/> unchanged: every whole batch is
    /// delivered (not transactional, a control batch, or of a committed transaction) and nothing shorter than a batch's
    /// length fields trails the last one. The topic's name is made a string (<paramref name="topic"/>, kept for the
    /// next partition) only when a transactional batch has to be looked up.
    /// </summary>
    public static bool AllDelivered(ReadOnlySpan<byte> records, ReadOnlySpan<byte> topicName, ref string? topic, int partition, TransactionVisibility visibility)
    {
        var position = 0;
        while (records.Length - position >= LogOverheadBytes)
        {
            var batch = records[position..];
            var length = LogOverheadBytes + (long)BinaryPrimitives.ReadInt32BigEndian(batch[BatchLengthOffset..]);
            if (length > batch.Length || length < HeaderBytes)
            {
                return true;
            }

            position += (int)length;
            var attributes = batch[MagicOffset] == CurrentMagic ? BinaryPrimitives.ReadInt16BigEndian(batch[AttributesOffset..]) : (short)0;
            if ((attributes & TransactionalFlag) == 0 || (attributes & ControlFlag) != 0)
            {
                continue;
            }

            topic ??= System.Text.Encoding.UTF8.GetString(topicName);
            if (visibility.Decide(topic, partition, BinaryPrimitives.ReadInt64BigEndian(batch[ProducerIdOffset..]), BinaryPrimitives.ReadInt64BigEndian(batch)) != TransactionVisibility.Visibility.Deliver)
            {
                return false;
            }
        }

        return position == records.Length;
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
                // A partial batch at the end (the fetch size cut it): the reader needs it to see the batch's size.
                output.WriteRaw(batch);
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

    /// <summary>
    /// The batch as a control batch over the same offsets (same producer, no compression) whose only record is a
    /// COMMIT marker at the batch's last offset; its length, count and checksum are made to match.
    /// </summary>
    public static byte[] Emptied(ReadOnlySpan<byte> batch)
    {
        var lastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(batch[LastOffsetDeltaOffset..]);
        Span<byte> record = stackalloc byte[32];
        var body = 0;
        record[body++] = 0; // attributes
        body += WriteVarint(record[body..], 0); // timestamp delta
        body += WriteVarint(record[body..], lastOffsetDelta);
        body += WriteVarint(record[body..], 4); // key: version, type
        BinaryPrimitives.WriteInt16BigEndian(record[body..], ControlRecordVersion);
        BinaryPrimitives.WriteInt16BigEndian(record[(body + 2)..], CommitMarker);
        body += 4;
        body += WriteVarint(record[body..], 6); // value: version, coordinator epoch
        BinaryPrimitives.WriteInt16BigEndian(record[body..], ControlRecordVersion);
        BinaryPrimitives.WriteInt32BigEndian(record[(body + 2)..], 0);
        body += 6;
        body += WriteVarint(record[body..], 0); // headers
        Span<byte> prefix = stackalloc byte[5];
        var prefixLength = WriteVarint(prefix, body);

        var result = new byte[HeaderBytes + prefixLength + body];
        batch[..HeaderBytes].CopyTo(result);
        prefix[..prefixLength].CopyTo(result.AsSpan(HeaderBytes));
        record[..body].CopyTo(result.AsSpan(HeaderBytes + prefixLength));
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(BatchLengthOffset), result.Length - LogOverheadBytes);
        var attributes = (short)((BinaryPrimitives.ReadInt16BigEndian(result.AsSpan(AttributesOffset)) & ~CompressionMask) | ControlFlag);
        BinaryPrimitives.WriteInt16BigEndian(result.AsSpan(AttributesOffset), attributes);
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(RecordsCountOffset), 1);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(CrcOffset), Crc32C(result.AsSpan(AttributesOffset)));
        return result;
    }

    /// <summary>A zigzag varint, as record fields are encoded; returns the bytes written.</summary>
    private static int WriteVarint(Span<byte> destination, int value)
    {
        var v = (uint)((value << 1) ^ (value >> 31));
        var n = 0;
        while (v >= 0x80)
        {
            destination[n++] = (byte)(v | 0x80);
            v >>= 7;
        }

        destination[n++] = (byte)v;
        return n;
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
