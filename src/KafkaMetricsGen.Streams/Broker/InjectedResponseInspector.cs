using System.Buffers.Binary;
using System.Globalization;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Broker-to-client side of the proxy: takes the answers to the proxy's own OffsetCommit and Heartbeat requests out of
/// the stream (the client never asked for them) and records what they say: a Heartbeat's answer stages the offsets of
/// the TxnOffsetCommit it checked, or refuses them, and the client then gets the mock's answer to that request with the
/// refusal in every partition (<see cref="GroupMembershipProbe"/>). Heartbeat answers for a group the broker does not
/// know are rewritten (<see cref="UnknownGroupAnswers"/>). Responses the read_committed tracker noted go to it;
/// every other response goes through.
/// </summary>
internal sealed class InjectedResponseInspector(InjectedCommitTracker tracker, TransactionalOffsetStatistics statistics, ReadCommittedTracker? readCommitted = null, SubstitutedResponses? substituted = null, TransactionalOffsetStore? store = null, UnknownGroupAnswers? unknownGroups = null) : IKafkaFrameInspector
{
    public int PrefixLength => KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes;

    public bool Wants(ReadOnlySpan<byte> prefix)
    {
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(prefix[KafkaProtocol.SizeFieldBytes..]);
        return tracker.IsPending(correlationId) || tracker.IsRefused(correlationId) || (readCommitted?.WantsResponse(correlationId) ?? false)
            || (substituted?.IsPending(correlationId) ?? false) || (unknownGroups?.IsPending(correlationId) ?? false);
    }

    public ValueTask HandleAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken)
    {
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.Span[KafkaProtocol.SizeFieldBytes..]);
        if (substituted is not null && substituted.TryTake(correlationId, out var response) && response is not null)
        {
            return destination.WriteAsync(response, cancellationToken);
        }

        if (unknownGroups is not null && unknownGroups.IsPending(correlationId))
        {
            return destination.WriteAsync(unknownGroups.Answer(frame), cancellationToken);
        }

        if (readCommitted is not null && readCommitted.IsPending(correlationId))
        {
            return readCommitted.HandleResponseAsync(frame, destination, cancellationToken);
        }

        if (tracker.TryTakeRefusal(correlationId, out var refusal))
        {
            return destination.WriteAsync(Refused(frame, refusal.Version, refusal.Error), cancellationToken);
        }

        if (tracker.TryCompleteCheck(correlationId, out var check) && check is not null)
        {
            OnChecked(frame.Span, check);
            return ValueTask.CompletedTask;
        }

        if (!tracker.TryComplete(correlationId, out var commit, out var stored) || commit is null || stored is null)
        {
            return ValueTask.CompletedTask;
        }

        var allStored = false;
        try
        {
            var result = OffsetCommitResponseReader.Read(frame.Span);
            statistics.OnCommitted(result.Committed);
            allStored = result.Failed == 0;
            if (result.Failed > 0)
            {
                statistics.OnFailed(result.Failed, string.Create(CultureInfo.InvariantCulture, $"OffsetCommit of group {commit.GroupId} (generation {commit.GenerationId}, member '{commit.MemberId}') refused for {result.Failed} partition(s), first {result.FirstFailure}"));
            }
        }
        catch (InvalidDataException e)
        {
            statistics.OnFailed(commit.Offsets.Count, $"OffsetCommit of group {commit.GroupId}: unreadable response: {e.Message}");
        }

        // The EndTxn waiting behind this commit goes on as a commit only when every offset is in place.
        stored.TrySetResult(allStored);
        return ValueTask.CompletedTask;
    }

    /// <summary>The Heartbeat that checked a TxnOffsetCommit's membership answered: stage its offsets, or refuse it.</summary>
    private void OnChecked(ReadOnlySpan<byte> frame, MembershipCheck check)
    {
        short? refusal;
        try
        {
            refusal = GroupMembershipProbe.Refusal(frame);
        }
        catch (InvalidDataException e)
        {
            statistics.OnMalformed(e.Message);
            refusal = null;
        }

        var request = check.Request;
        if (refusal is { } error)
        {
            tracker.Refuse(check.ClientCorrelationId, request.ApiVersion, error);
            statistics.OnRefused(string.Create(CultureInfo.InvariantCulture, $"TxnOffsetCommit of {request.TransactionalId} for group {request.GroupId} (generation {request.GenerationId}, member '{request.MemberId}') refused: {(Confluent.Kafka.ErrorCode)error}"));
            return;
        }

        store?.Stage(request);
        statistics.OnStaged();
    }

    private byte[] Refused(ReadOnlyMemory<byte> frame, short version, short error)
    {
        try
        {
            return GroupMembershipProbe.Refuse(frame.Span, version, error);
        }
        catch (InvalidDataException e)
        {
            statistics.OnMalformed(e.Message);
            return frame.ToArray();
        }
    }
}
