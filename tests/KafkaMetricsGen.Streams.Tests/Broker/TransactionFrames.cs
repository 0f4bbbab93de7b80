namespace KafkaMetricsGen.Streams.Broker;

/// <summary>Hand-built TxnOffsetCommit and EndTxn frames for tests.</summary>
internal static class TransactionFrames
{
    private const short TxnOffsetCommitKey = 28;
    private const short EndTxnKey = 26;

    public static byte[] EndTxn(short version, string transactionalId, long producerId, short producerEpoch, bool committed, int correlationId = 43) =>
        new KafkaFrameBuilder()
            .RequestHeader(EndTxnKey, version, correlationId, "rdkafka", flexible: false)
            .String(transactionalId, false).Int64(producerId).Int16(producerEpoch).Int8(committed ? (byte)1 : (byte)0)
            .ToFrame();

    /// <summary>
    /// A TxnOffsetCommit of transaction "txn-1" (producer 1234, epoch 5) for group "group-1" (generation 7,
    /// "member-1", from v3): topic a partitions 0 and 1 at 100 and 200, topic b partition 3 at 300.
    /// </summary>
    public static byte[] TxnOffsetCommit(short version, bool withUnknownTags = false, int correlationId = 42)
    {
        var flexible = version >= 3;
        var b = new KafkaFrameBuilder()
            .RequestHeader(TxnOffsetCommitKey, version, correlationId, "rdkafka", flexible, withUnknownTags)
            .String("txn-1", flexible).String("group-1", flexible).Int64(1234).Int16(5);
        if (version >= 3)
        {
            b.Int32(7).String("member-1", flexible).String("instance-1", flexible);
        }

        b.ArrayLength(2, flexible);
        b.String("a", flexible).ArrayLength(2, flexible);
        Partition(b, version, 0, 100, "m0", withUnknownTags);
        Partition(b, version, 1, 200, null, withUnknownTags);
        EndStruct(b, flexible, withUnknownTags);
        b.String("b", flexible).ArrayLength(1, flexible);
        Partition(b, version, 3, 300, string.Empty, withUnknownTags);
        EndStruct(b, flexible, withUnknownTags);
        EndStruct(b, flexible, withUnknownTags);
        return b.ToFrame();
    }

    private static void Partition(KafkaFrameBuilder b, short version, int partition, long offset, string? metadata, bool withUnknownTags)
    {
        b.Int32(partition).Int64(offset);
        if (version >= 2)
        {
            b.Int32(9);
        }

        b.String(metadata, version >= 3);
        EndStruct(b, version >= 3, withUnknownTags);
    }

    private static void EndStruct(KafkaFrameBuilder b, bool flexible, bool withUnknownTags)
    {
        if (flexible)
        {
            b.Tags(withUnknownTags);
        }
    }
}
