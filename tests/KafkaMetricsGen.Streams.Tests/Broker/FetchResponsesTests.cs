using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// A read_committed Fetch response goes to the client as the broker wrote it when the rewrite would not change it, and
/// is rewritten when a batch of an aborted or open transaction, or a trailing fragment, is in it.
/// </summary>
public sealed class FetchResponsesTests
{
    private const string Topic = "spans";
    private const long ProducerId = 77;

    [Theory]
    [InlineData((short)4)]
    [InlineData((short)7)]
    [InlineData((short)11)]
    public void A_response_without_transactional_batches_passes_unchanged_and_the_rewrite_agrees(short version)
    {
        var frame = Response(version, [Batch(0, transactional: false), Batch(3, transactional: false)]);
        var visibility = new TransactionVisibility();

        Assert.True(FetchResponses.DeliversUnchanged(frame, version, visibility));
        Assert.Equal(frame, FetchResponses.FilterCommitted(frame, version, visibility));
    }

    [Fact]
    public void A_committed_transaction_and_a_partial_last_batch_pass_unchanged()
    {
        var visibility = new TransactionVisibility();
        visibility.OnProduceSent("t", ProducerId, Topic, 0);
        visibility.OnProduceAnswered(ProducerId, Topic, 0, 0, succeeded: true);
        visibility.OnEnded(ProducerId, committed: true);
        var partial = Batch(3, transactional: false)[..20];
        var frame = Response(11, [Batch(0, transactional: true), partial]);

        Assert.True(FetchResponses.DeliversUnchanged(frame, 11, visibility));
        Assert.Equal(frame, FetchResponses.FilterCommitted(frame, 11, visibility));
    }

    [Fact]
    public void An_aborted_transaction_is_rewritten()
    {
        var visibility = new TransactionVisibility();
        visibility.OnProduceSent("t", ProducerId, Topic, 0);
        visibility.OnProduceAnswered(ProducerId, Topic, 0, 0, succeeded: true);
        visibility.OnEnded(ProducerId, committed: false);
        var frame = Response(11, [Batch(0, transactional: false), Batch(3, transactional: true)]);

        Assert.False(FetchResponses.DeliversUnchanged(frame, 11, visibility));
        Assert.NotEqual(frame, FetchResponses.FilterCommitted(frame, 11, visibility));
    }

    [Fact]
    public void A_writer_reused_from_a_larger_response_gives_the_same_rewrite_as_a_new_one()
    {
        var visibility = new TransactionVisibility();
        visibility.OnProduceSent("t", ProducerId, Topic, 0);
        visibility.OnProduceAnswered(ProducerId, Topic, 0, 3, succeeded: true);
        visibility.OnEnded(ProducerId, committed: false);
        var large = Response(11, [Batch(0, transactional: false), Batch(3, transactional: true), Batch(6, transactional: false), Batch(9, transactional: false)]);
        var small = Response(7, [Batch(0, transactional: false), Batch(3, transactional: true)]);
        var writer = new KafkaWireWriter();

        var first = FetchResponses.FilterCommitted(large, 11, visibility, writer).ToArray();
        var second = FetchResponses.FilterCommitted(small, 7, visibility, writer).ToArray();

        Assert.Equal(FetchResponses.FilterCommitted(large, 11, visibility), first);
        Assert.Equal(FetchResponses.FilterCommitted(small, 7, visibility), second);
        Assert.Equal(second.Length - 4, BinaryPrimitives.ReadInt32BigEndian(second));
        Assert.True(second.Length < small.Length);
    }

    [Fact]
    public void An_open_transaction_is_rewritten()
    {
        var visibility = new TransactionVisibility();
        visibility.OnProduceSent("t", ProducerId, Topic, 0);
        var frame = Response(11, [Batch(0, transactional: true)]);

        Assert.False(FetchResponses.DeliversUnchanged(frame, 11, visibility));
        Assert.NotEqual(frame, FetchResponses.FilterCommitted(frame, 11, visibility));
    }

    [Fact]
    public void A_fragment_shorter_than_a_batch_header_after_the_last_batch_is_rewritten_away()
    {
        var frame = Response(11, [Batch(0, transactional: false), new byte[5]]);
        var visibility = new TransactionVisibility();

        Assert.False(FetchResponses.DeliversUnchanged(frame, 11, visibility));
        Assert.Equal(frame.Length - 5, FetchResponses.FilterCommitted(frame, 11, visibility).Length);
    }

    [Fact]
    public void A_malformed_response_is_left_to_the_rewrite()
    {
        var frame = Response(11, [Batch(0, transactional: false)]);

        Assert.False(FetchResponses.DeliversUnchanged(frame.AsSpan(0, frame.Length - 3), 11, new TransactionVisibility()));
    }

    /// <summary>One topic, one partition (0) holding <paramref name="records"/>, in Fetch response <paramref name="version"/>.</summary>
    private static byte[] Response(short version, byte[][] records)
    {
        var b = new KafkaFrameBuilder().Int32(42).Int32(0);
        if (version >= KafkaProtocol.FetchSessionVersion)
        {
            b.Int16(0).Int32(0);
        }

        b.ArrayLength(1, flexible: false).String(Topic, flexible: false).ArrayLength(1, flexible: false);
        b.Int32(0).Int16(0).Int64(10).Int64(10);
        if (version >= KafkaProtocol.FetchLogStartOffsetVersion)
        {
            b.Int64(0);
        }

        b.ArrayLength(0, flexible: false);
        if (version >= KafkaProtocol.FetchPreferredReplicaVersion)
        {
            b.Int32(-1);
        }

        b.Int32(records.Sum(r => r.Length));
        foreach (var r in records)
        {
            b.Bytes(r);
        }

        return b.ToFrame();
    }

    /// <summary>A v2 batch header of three records at <paramref name="baseOffset"/>, with 30 bytes of records.</summary>
    private static byte[] Batch(long baseOffset, bool transactional)
    {
        var batch = new byte[RecordBatches.HeaderBytes + 30];
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), batch.Length - RecordBatches.LogOverheadBytes);
        batch[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(21), transactional ? (short)0x10 : (short)0);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), 2);
        BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(43), ProducerId);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), 3);
        return batch;
    }
}
