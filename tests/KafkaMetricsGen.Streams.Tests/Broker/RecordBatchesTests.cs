using System.Buffers.Binary;
using System.Text;

namespace KafkaMetricsGen.Streams.Broker;

public sealed class RecordBatchesTests
{
    [Fact]
    public void Crc32c_matches_the_castagnoli_check_value()
    {
        Assert.Equal(0xE3069283u, RecordBatches.Crc32C(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void An_aborted_batch_becomes_a_control_batch_over_the_same_offsets_with_one_commit_marker_at_its_end()
    {
        var batch = new byte[RecordBatches.HeaderBytes + 30];
        BinaryPrimitives.WriteInt64BigEndian(batch, 1234);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), batch.Length - RecordBatches.LogOverheadBytes);
        batch[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(21), 0x10 | 0x02);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), 4);
        BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(43), 77);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), 5);

        var emptied = RecordBatches.Emptied(batch);

        // One record of 16 bytes (zigzag 32): attributes 0, timestamp delta 0, offset delta 4 (zigzag 8), key 4 bytes (0, COMMIT),
        // value 6 bytes (version 0, coordinator epoch 0), no headers.
        byte[] marker = [32, 0, 0, 8, 8, 0, 0, 0, 1, 12, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(marker, emptied.AsSpan(RecordBatches.HeaderBytes).ToArray());
        Assert.Equal(RecordBatches.HeaderBytes + marker.Length, emptied.Length);
        Assert.Equal(1234, BinaryPrimitives.ReadInt64BigEndian(emptied));
        Assert.Equal(emptied.Length - RecordBatches.LogOverheadBytes, BinaryPrimitives.ReadInt32BigEndian(emptied.AsSpan(8)));
        Assert.Equal(0x10 | 0x20, BinaryPrimitives.ReadInt16BigEndian(emptied.AsSpan(21)));
        Assert.Equal(4, BinaryPrimitives.ReadInt32BigEndian(emptied.AsSpan(23)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(emptied.AsSpan(57)));
        Assert.Equal(RecordBatches.Crc32C(emptied.AsSpan(21)), BinaryPrimitives.ReadUInt32BigEndian(emptied.AsSpan(17)));
        Assert.True(RecordBatches.TryReadProducer(emptied, out var producerId, out var transactional));
        Assert.Equal(77, producerId);
        Assert.True(transactional);
    }
}
