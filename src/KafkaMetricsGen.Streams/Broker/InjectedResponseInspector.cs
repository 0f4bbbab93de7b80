using System.Buffers.Binary;
using System.Globalization;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Broker-to-client side of the proxy: takes the answers to the proxy's own OffsetCommit requests out of the stream
/// (the client never asked for them) and records what they say; responses the read_committed tracker noted go to it;
/// every other response goes through.
/// </summary>
internal sealed class InjectedResponseInspector(InjectedCommitTracker tracker, TransactionalOffsetStatistics statistics, ReadCommittedTracker? readCommitted = null, SubstitutedResponses? substituted = null) : IKafkaFrameInspector
{
    public int PrefixLength => KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes;

    public bool Wants(ReadOnlySpan<byte> prefix)
    {
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(prefix[KafkaProtocol.SizeFieldBytes..]);
        return tracker.IsPending(correlationId) || (readCommitted?.IsPending(correlationId) ?? false)
            || (substituted?.IsPending(correlationId) ?? false);
    }

    public ValueTask HandleAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken)
    {
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.Span[KafkaProtocol.SizeFieldBytes..]);
        if (substituted is not null && substituted.TryTake(correlationId, out var response) && response is not null)
        {
            return destination.WriteAsync(response, cancellationToken);
        }

        if (readCommitted is not null && readCommitted.IsPending(correlationId))
        {
            return readCommitted.HandleResponseAsync(frame, destination, cancellationToken);
        }

        if (!tracker.TryComplete(correlationId, out var commit) || commit is null)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            var result = OffsetCommitResponseReader.Read(frame.Span);
            statistics.OnCommitted(result.Committed);
            if (result.Failed > 0)
            {
                statistics.OnFailed(result.Failed, string.Create(CultureInfo.InvariantCulture, $"OffsetCommit of group {commit.GroupId} (generation {commit.GenerationId}) refused for {result.Failed} partition(s), first {result.FirstFailure}"));
            }
        }
        catch (InvalidDataException e)
        {
            statistics.OnFailed(commit.Offsets.Count, $"OffsetCommit of group {commit.GroupId}: unreadable response: {e.Message}");
        }

        return ValueTask.CompletedTask;
    }
}
