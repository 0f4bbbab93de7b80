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
    public void An_emptied_batch_keeps_its_offsets_and_producer_and_has_no_records_nor_compression()
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

        Assert.Equal(RecordBatches.HeaderBytes, emptied.Length);
        Assert.Equal(1234, BinaryPrimitives.ReadInt64BigEndian(emptied));
        Assert.Equal(RecordBatches.HeaderBytes - RecordBatches.LogOverheadBytes, BinaryPrimitives.ReadInt32BigEndian(emptied.AsSpan(8)));
        Assert.Equal(0x10, BinaryPrimitives.ReadInt16BigEndian(emptied.AsSpan(21)));
        Assert.Equal(4, BinaryPrimitives.ReadInt32BigEndian(emptied.AsSpan(23)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(emptied.AsSpan(57)));
        Assert.Equal(RecordBatches.Crc32C(emptied.AsSpan(21)), BinaryPrimitives.ReadUInt32BigEndian(emptied.AsSpan(17)));
        Assert.True(RecordBatches.TryReadProducer(emptied, out var producerId, out var transactional));
        Assert.Equal(77, producerId);
        Assert.True(transactional);
    }
}
