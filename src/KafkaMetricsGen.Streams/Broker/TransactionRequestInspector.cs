using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Client-to-broker side of the proxy. TxnOffsetCommit offsets are staged (once the group coordinator confirmed the
/// request's member and generation, see <see cref="GroupMembershipProbe"/>); when an EndTxn commits, an OffsetCommit
/// carrying them is written just before it, on the same connection, so the mock stores them before it ends the
/// transaction and the client sees the commit only after the offsets are in place (if the mock refuses them, the EndTxn
/// goes on as an abort, see <see cref="EndTransactionAsync"/>). An abort drops them. Both
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

        // An EndTxn is settled first (its offsets written, and the commit turned into an abort if the broker refused
        // them), so the read_committed tracker learns how the transaction really ends.
        if (apiKey == KafkaProtocol.EndTxnApiKey)
        {
            frame = await EndTransactionAsync(frame, destination, cancellationToken).ConfigureAwait(false);
        }

        if (readCommitted?.OnRequest(frame.Span) is { } replaced)
        {
            frame = replaced;
        }

        if (apiKey == KafkaProtocol.TxnOffsetCommitApiKey && Stage(frame.Span) is { } check)
        {
            await destination.WriteAsync(check, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Writes a committing transaction's offsets as OffsetCommits and waits for their answers. Kafka commits offsets it
    /// accepted at TxnOffsetCommit together with the transaction's records whatever the group did since; the mock checks
    /// the member and generation again and refuses them once the member is gone (its session expired, for example
    /// while the broker hung). Records visible without their offsets would be processed again by the next member, so
    /// the EndTxn is then forwarded as an abort: records and offsets end alike, and the input is read again once.
    /// </summary>
    private async ValueTask<ReadOnlyMemory<byte>> EndTransactionAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken)
    {
        var commits = EndTransaction(frame.Span, out var transactionalId);
        if (commits.Count == 0)
        {
            return frame;
        }

        var stored = new Task<bool>[commits.Count];
        for (var i = 0; i < commits.Count; i++)
        {
            var correlationId = tracker.Register(commits[i], out stored[i]);
            await destination.WriteAsync(OffsetCommitRequestWriter.Write(commits[i], correlationId), cancellationToken).ConfigureAwait(false);
        }

        var verdicts = await Task.WhenAll(stored).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (verdicts.All(v => v))
        {
            return frame;
        }

        statistics.OnCommitTurnedAbort($"EndTxn(commit) of {transactionalId} forwarded as an abort: the broker refused its offsets");
        return TransactionRequestParser.AsAbort(frame.Span);
    }

    private IReadOnlyList<GroupOffsetCommit> EndTransaction(ReadOnlySpan<byte> frame, out string transactionalId)
    {
        transactionalId = string.Empty;
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

        transactionalId = request.TransactionalId;
        if (readCommitted?.IsFenced(request) == true)
        {
            // A fenced producer's offsets never commit: Kafka refuses its EndTxn (the client is told so on the answer).
            _ = store.TryEnd(request with { Committed = false }, out _);
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
