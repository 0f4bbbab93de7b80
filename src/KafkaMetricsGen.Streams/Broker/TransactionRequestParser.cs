using System.Buffers.Binary;
using System.Globalization;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Parses the two requests the broker proxy acts on, TxnOffsetCommit (v0–3) and EndTxn (v0–1), from whole frames
/// (size prefix included). A frame that is truncated, has trailing bytes, or is of another version throws
/// <see cref="InvalidDataException"/> saying what and where.
/// </summary>
internal static class TransactionRequestParser
{
    private const string TxnOffsetCommit = "TxnOffsetCommit";
    private const string EndTxn = "EndTxn";

    public static TxnOffsetCommitRequest ParseTxnOffsetCommit(ReadOnlySpan<byte> frame)
    {
        var reader = OpenFrame(frame, TxnOffsetCommit);
        var header = ReadHeader(ref reader, TxnOffsetCommit, KafkaProtocol.TxnOffsetCommitApiKey, KafkaProtocol.TxnOffsetCommitMaxVersion, KafkaProtocol.TxnOffsetCommitFirstFlexibleVersion);
        var version = header.ApiVersion;
        var flexible = version >= KafkaProtocol.TxnOffsetCommitFirstFlexibleVersion;

        var transactionalId = reader.ReadString("transactional_id", flexible);
        var groupId = reader.ReadString("group_id", flexible);
        var producerId = reader.ReadInt64("producer_id");
        var producerEpoch = reader.ReadInt16("producer_epoch");
        var generationId = KafkaProtocol.NoGenerationId;
        var memberId = string.Empty;
        string? groupInstanceId = null;
        if (version >= KafkaProtocol.TxnOffsetCommitGroupMetadataVersion)
        {
            generationId = reader.ReadInt32("generation_id");
            memberId = reader.ReadString("member_id", flexible);
            groupInstanceId = reader.ReadNullableString("group_instance_id", flexible);
        }

        var offsets = new List<CommittedOffset>();
        var topics = reader.ReadArrayLength("topics", flexible);
        for (var t = 0; t < topics; t++)
        {
            var topic = reader.ReadString("topics.name", flexible);
            var partitions = reader.ReadArrayLength("topics.partitions", flexible);
            for (var p = 0; p < partitions; p++)
            {
                var partition = reader.ReadInt32("partition_index");
                var offset = reader.ReadInt64("committed_offset");
                var leaderEpoch = version >= KafkaProtocol.TxnOffsetCommitLeaderEpochVersion ? reader.ReadInt32("committed_leader_epoch") : KafkaProtocol.NoLeaderEpoch;
                var metadata = reader.ReadNullableString("committed_metadata", flexible);
                SkipTagsIf(ref reader, flexible, "partition tagged fields");
                offsets.Add(new CommittedOffset(topic, partition, offset, leaderEpoch, metadata));
            }

            SkipTagsIf(ref reader, flexible, "topic tagged fields");
        }

        SkipTagsIf(ref reader, flexible, "request tagged fields");
        ExpectEnd(ref reader, TxnOffsetCommit, version);
        return new TxnOffsetCommitRequest(version, transactionalId, groupId, producerId, producerEpoch, generationId, memberId, groupInstanceId, offsets);
    }

    public static EndTxnRequest ParseEndTxn(ReadOnlySpan<byte> frame)
    {
        var reader = OpenFrame(frame, EndTxn);
        var header = ReadHeader(ref reader, EndTxn, KafkaProtocol.EndTxnApiKey, KafkaProtocol.EndTxnMaxVersion, KafkaProtocol.EndTxnFirstFlexibleVersion);
        const bool flexible = false;
        var transactionalId = reader.ReadString("transactional_id", flexible);
        var producerId = reader.ReadInt64("producer_id");
        var producerEpoch = reader.ReadInt16("producer_epoch");
        var committed = reader.ReadBoolean("committed");
        ExpectEnd(ref reader, EndTxn, header.ApiVersion);
        return new EndTxnRequest(header.ApiVersion, transactionalId, producerId, producerEpoch, committed);
    }

    /// <summary>
    /// A copy of an EndTxn frame (one <see cref="ParseEndTxn"/> read) that aborts instead: its committed flag is the
    /// last byte of every non-flexible version.
    /// </summary>
    public static byte[] AsAbort(ReadOnlySpan<byte> frame)
    {
        var copy = frame.ToArray();
        copy[^1] = 0;
        return copy;
    }

    private static KafkaWireReader OpenFrame(ReadOnlySpan<byte> frame, string message)
    {
        if (frame.Length < KafkaProtocol.SizeFieldBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{message}: frame of {frame.Length} bytes has no size field."));
        }

        var size = BinaryPrimitives.ReadInt32BigEndian(frame);
        var payload = frame[KafkaProtocol.SizeFieldBytes..];
        if (size != payload.Length)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{message}: frame truncated or oversized: size field says {size} bytes, {payload.Length} present."));
        }

        return new KafkaWireReader(payload, message);
    }

    private static KafkaRequestHeader ReadHeader(ref KafkaWireReader reader, string message, short apiKey, short maxVersion, short firstFlexibleVersion)
    {
        var header = KafkaRequestHeader.Read(ref reader, firstFlexibleVersion);
        if (header.ApiKey != apiKey)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{message}: api key {header.ApiKey}, expected {apiKey}."));
        }

        if (header.ApiVersion < 0 || header.ApiVersion > maxVersion)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{message}: version {header.ApiVersion} is not parsed (0 to {maxVersion} are)."));
        }

        return header;
    }

    private static void SkipTagsIf(ref KafkaWireReader reader, bool flexible, string field)
    {
        if (flexible)
        {
            reader.SkipTaggedFields(field);
        }
    }

    private static void ExpectEnd(ref KafkaWireReader reader, string message, short version)
    {
        if (reader.Remaining != 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{message} v{version}: {reader.Remaining} bytes after the last field."));
        }
    }
}
