namespace KafkaMetricsGen.Streams.Broker;

public sealed class OffsetCommitRequestWriterTests
{
    [Fact]
    public void Writes_an_OffsetCommit_v2_frame_with_the_group_member_and_offsets()
    {
        var commit = new GroupOffsetCommit("g", 7, "m", [new CommittedOffset("t", 1, 300, 9, null)]);

        var frame = OffsetCommitRequestWriter.Write(commit, correlationId: -2);

        var clientId = "embedded-broker-proxy"u8.ToArray();
        var expected = new KafkaFrameBuilder()
            .Int16(8).Int16(2).Int32(-2).Int16((short)clientId.Length);
        foreach (var b in clientId)
        {
            expected.Int8(b);
        }

        expected.String("g", false).Int32(7).String("m", false).Int64(-1)
            .ArrayLength(1, false).String("t", false).ArrayLength(1, false).Int32(1).Int64(300).String(null, false);
        Assert.Equal(expected.ToFrame(), frame);
    }

    [Fact]
    public void Groups_the_partitions_of_a_topic_under_one_topic_entry()
    {
        var commit = new GroupOffsetCommit("g", 1, "m", [new("a", 0, 1, -1, null), new("b", 0, 2, -1, null), new CommittedOffset("a", 1, 3, -1, "x")]);

        var frame = OffsetCommitRequestWriter.Write(commit, correlationId: -1);

        var topicsAt = 4 + 2 + 2 + 4 + 2 + "embedded-broker-proxy".Length + 2 + 1 + 4 + 2 + 1 + 8;
        Assert.Equal(2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(topicsAt)));
    }
}
