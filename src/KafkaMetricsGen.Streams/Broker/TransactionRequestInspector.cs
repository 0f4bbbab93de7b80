using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Client-to-broker side of the proxy. TxnOffsetCommit offsets are staged (once the group coordinator confirmed the
/// request's member and generation, see <see cref="GroupMembershipProbe"/>); when an EndTxn commits, an OffsetCommit
/// carrying them is written just before it, on the same connection, so the mock stores them before it ends the
/// transaction and the client sees the commit only after the offsets are in place. An abort drops them. Both
/// requests are forwarded unchanged; one the proxy cannot parse is counted and forwarded all the same.
/// </summary>
internal sealed class TransactionRequestInspector(TransactionalOffsetStore store, InjectedCommitTracker tracker, TransactionalOffsetStatistics statistics, ReadCommittedTracker? readCommitted = null, IClusterAdmin? admin = null, SubstitutedResponses? substituted = null, UnknownGroupAnswers? unknownGroups = null) : IKafkaFrameInspector
{
    public int PrefixLength => KafkaProtocol.SizeFieldBytes + KafkaProtocol.RequestPrefixBytes;

    public bool Wants(ReadOnlySpan<byte> prefix) => ApiKey(prefix) is KafkaProtocol.TxnOffsetCommitApiKey or KafkaProtocol.EndTxnApiKey
        || (readCommitted is not null && ReadCommittedTracker.Wants(ApiKey(prefix)))
        || (admin is not null && AdminRequests.IsAdmin(ApiKey(prefix)))
        || (unknownGroups is not null && UnknownGroupAnswers.Wants(ApiKey(prefix)));

    public async ValueTask HandleAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken)
    {
        var apiKey = ApiKey(frame.Span);
        if (admin is not null && substituted is not null && AdminRequests.IsAdmin(apiKey))
        {
            await AnswerAdminAsync(frame, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (unknownGroups is not null && UnknownGroupAnswers.Wants(apiKey))
        {
            unknownGroups.OnRequest(frame.Span);
        }

        if (readCommitted?.OnRequest(frame.Span) is { } replaced)
        {
            frame = replaced;
        }

        if (apiKey == KafkaProtocol.TxnOffsetCommitApiKey && Stage(frame.Span) is { } check)
        {
            await destination.WriteAsync(check, cancellationToken).ConfigureAwait(false);
        }
        else if (apiKey == KafkaProtocol.EndTxnApiKey)
        {
            foreach (var commit in EndTransaction(frame.Span))
            {
                var correlationId = tracker.Register(commit);
                await destination.WriteAsync(OffsetCommitRequestWriter.Write(commit, correlationId), cancellationToken).ConfigureAwait(false);
            }
        }

        await destination.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Carries out an admin request the mock cannot answer and forwards a placeholder in its place, whose answer the
    /// response side swaps for the real one, so the client gets its responses in request order.
    /// </summary>
    private async ValueTask AnswerAdminAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken)
    {
        AdminAnswer answer;
        try
        {
            answer = AdminRequests.Handle(frame.Span, admin!);
        }
        catch (InvalidDataException e)
        {
            statistics.OnMalformed(e.Message);
            throw new IOException("Closing a connection that sent an unreadable admin request: " + e.Message, e);
        }

        substituted!.Add(answer.CorrelationId, answer.Response);
        await destination.WriteAsync(answer.Placeholder, cancellationToken).ConfigureAwait(false);
    }

    private static short ApiKey(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt16BigEndian(frame[KafkaProtocol.SizeFieldBytes..]);

    /// <summary>
    /// Stages the request's offsets, or, when it names a group member or generation, returns the Heartbeat that checks
    /// them first (written just before the request; its answer stages or refuses, see <see cref="InjectedResponseInspector"/>).
    /// </summary>
    private byte[]? Stage(ReadOnlySpan<byte> frame)
    {
        try
        {
            var request = TransactionRequestParser.ParseTxnOffsetCommit(frame);
            if (GroupMembershipProbe.Applies(request))
            {
                var clientCorrelationId = BinaryPrimitives.ReadInt32BigEndian(frame[(KafkaProtocol.SizeFieldBytes + KafkaProtocol.RequestPrefixBytes - sizeof(int))..]);
                return GroupMembershipProbe.Write(request, tracker.RegisterCheck(request, clientCorrelationId));
            }

            store.Stage(request);
            statistics.OnStaged();
        }
        catch (InvalidDataException e)
        {
            statistics.OnMalformed(e.Message);
        }

        return null;
    }

    private IReadOnlyList<GroupOffsetCommit> EndTransaction(ReadOnlySpan<byte> frame)
    {
        EndTxnRequest request;
        try
        {
            request = TransactionRequestParser.ParseEndTxn(frame);
        }
        catch (InvalidDataException e)
        {
            statistics.OnMalformed(e.Message);
            return [];
        }

        if (!store.TryEnd(request, out var commits))
        {
            return [];
        }

        if (!request.Committed)
        {
            statistics.OnAborted();
        }

        return commits;
    }
}
