using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// A real broker's group coordinator refuses a TxnOffsetCommit whose consumer group member or generation is no longer
/// current (KIP-447: UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID), and the producer must then abort its
/// transaction. The mock answers TxnOffsetCommit without that check, so the proxy asks the mock's group coordinator
/// itself: it writes a Heartbeat (v0) with the request's group, generation and member just before the request, and
/// the Heartbeat's error code is the verdict. The Heartbeat also refreshes a live member's session, which the member's
/// own traffic does anyway.
/// </summary>
internal static class GroupMembershipProbe
{
    private const string Message = "Heartbeat response";

    /// <summary>
    /// True when the request names a group member or generation to check: a TxnOffsetCommit before v3, or one sent
    /// without consumer group metadata, is accepted by a real broker without the check.
    /// </summary>
    public static bool Applies(TxnOffsetCommitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.GenerationId != KafkaProtocol.NoGenerationId || request.MemberId.Length > 0;
    }

    /// <summary>A whole Heartbeat frame, size prefix included, with the request header v1 of a non-flexible request.</summary>
    public static byte[] Write(TxnOffsetCommitRequest request, int correlationId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var writer = new KafkaWireWriter();
        writer.WriteInt16(KafkaProtocol.HeartbeatApiKey);
        writer.WriteInt16(KafkaProtocol.InjectedHeartbeatVersion);
        writer.WriteInt32(correlationId);
        writer.WriteNullableString(KafkaProtocol.InjectedClientId);
        writer.WriteString(request.GroupId);
        writer.WriteInt32(request.GenerationId);
        writer.WriteString(request.MemberId);
        return writer.ToFrame();
    }

    /// <summary>
    /// The error a real group coordinator answers the TxnOffsetCommit with, from the Heartbeat's answer; null when the
    /// member and generation are current (or the answer says nothing about them, for example a rebalance in progress
    /// or another coordinator: the mock's own answer to the request then stands).
    /// </summary>
    public static short? Refusal(ReadOnlySpan<byte> frame)
    {
        var reader = new KafkaWireReader(frame[(KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes)..], Message);
        var error = reader.ReadInt16("error_code");

        // A group the coordinator does not know (a restarted broker) has no such member: Kafka refuses so.
        return error switch
        {
            KafkaProtocol.UnknownMemberId or KafkaProtocol.IllegalGeneration or KafkaProtocol.FencedInstanceId => error,
            KafkaProtocol.GroupIdNotFound => KafkaProtocol.UnknownMemberId,
            _ => null,
        };
    }

    /// <summary>
    /// The mock's answer to a TxnOffsetCommit with <paramref name="error"/> in every partition (the frame keeps its size:
    /// the error codes sit at fixed places).
    /// </summary>
    public static byte[] Refuse(ReadOnlySpan<byte> frame, short version, short error)
    {
        var copy = frame.ToArray();
        var flexible = version >= KafkaProtocol.TxnOffsetCommitFirstFlexibleVersion;
        var bodyStart = KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes;
        var reader = new KafkaWireReader(frame[bodyStart..], "TxnOffsetCommit response");
        if (flexible)
        {
            reader.SkipTaggedFields("response header tagged fields");
        }

        _ = reader.ReadInt32("throttle_time_ms");
        var topics = reader.ReadArrayLength("topics", flexible);
        for (var t = 0; t < topics; t++)
        {
            _ = reader.ReadString("topics.name", flexible);
            var partitions = reader.ReadArrayLength("topics.partitions", flexible);
            for (var p = 0; p < partitions; p++)
            {
                _ = reader.ReadInt32("partition_index");
                BinaryPrimitives.WriteInt16BigEndian(copy.AsSpan(bodyStart + reader.Position), error);
                _ = reader.ReadInt16("error_code");
                if (flexible)
                {
                    reader.SkipTaggedFields("partition tagged fields");
                }
            }

            if (flexible)
            {
                reader.SkipTaggedFields("topic tagged fields");
            }
        }

        return copy;
    }
}
