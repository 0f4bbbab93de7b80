using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// One proxy connection's Heartbeats, answered as Kafka answers them for a group the coordinator does not know. The
/// mock answers GROUP_ID_NOT_FOUND, which librdkafka's consumer ignores: a consumer whose broker restarted (and lost
/// its groups) keeps heartbeating a group that no longer exists and never joins again. Kafka answers
/// UNKNOWN_MEMBER_ID there, on which the consumer rejoins; the proxy rewrites the code in place (same size).
/// </summary>
internal sealed class UnknownGroupAnswers(TransactionalOffsetStatistics statistics)
{
    private readonly ConcurrentDictionary<int, short> _pending = new();

    public static bool Wants(short apiKey) => apiKey == KafkaProtocol.HeartbeatApiKey;

    public bool IsPending(int correlationId) => correlationId >= 0 && _pending.ContainsKey(correlationId);

    /// <summary>Notes a client's Heartbeat (its correlation id and version) before it goes on to the broker.</summary>
    public void OnRequest(ReadOnlySpan<byte> frame)
    {
        var header = frame[KafkaProtocol.SizeFieldBytes..];
        var version = BinaryPrimitives.ReadInt16BigEndian(header[sizeof(short)..]);
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(header[(2 * sizeof(short))..]);
        if (correlationId >= 0)
        {
            _pending[correlationId] = version;
        }
    }

    /// <summary>The broker's answer to a noted Heartbeat; GROUP_ID_NOT_FOUND becomes UNKNOWN_MEMBER_ID.</summary>
    public ReadOnlyMemory<byte> Answer(ReadOnlyMemory<byte> frame)
    {
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.Span[KafkaProtocol.SizeFieldBytes..]);
        if (!_pending.TryRemove(correlationId, out var version))
        {
            return frame;
        }

        try
        {
            var bodyStart = KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes;
            var reader = new KafkaWireReader(frame.Span[bodyStart..], "Heartbeat response");
            if (version >= KafkaProtocol.HeartbeatFirstFlexibleVersion)
            {
                reader.SkipTaggedFields("response header tagged fields");
            }

            if (version >= KafkaProtocol.HeartbeatThrottleVersion)
            {
                _ = reader.ReadInt32("throttle_time_ms");
            }

            var at = bodyStart + reader.Position;
            if (reader.ReadInt16("error_code") != KafkaProtocol.GroupIdNotFound)
            {
                return frame;
            }

            var copy = frame.ToArray();
            BinaryPrimitives.WriteInt16BigEndian(copy.AsSpan(at), KafkaProtocol.UnknownMemberId);
            statistics.OnUnknownGroup();
            return copy;
        }
        catch (InvalidDataException e)
        {
            statistics.OnMalformed(e.Message);
            return frame;
        }
    }
}
