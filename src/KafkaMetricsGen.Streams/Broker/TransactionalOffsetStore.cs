namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Offsets committed inside transactions, held per transactional id until the transaction ends, as a real broker's
/// group coordinator does: kept on commit, dropped on abort. One store serves every proxy of a cluster, because a
/// client sends TxnOffsetCommit to the group coordinator and EndTxn to the transaction coordinator, which may be
/// different brokers.
/// </summary>
internal sealed class TransactionalOffsetStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StagedTransaction> _transactions = new(StringComparer.Ordinal);

    public void Stage(TxnOffsetCommitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            // Offsets staged by an older incarnation of the producer belong to a transaction that can no longer end.
            if (!_transactions.TryGetValue(request.TransactionalId, out var staged) || !staged.BelongsTo(request.ProducerId, request.ProducerEpoch))
            {
                staged = new StagedTransaction(request.ProducerId, request.ProducerEpoch);
                _transactions[request.TransactionalId] = staged;
            }

            staged.Add(request);
        }
    }

    /// <summary>
    /// Ends the transaction of the request's producer incarnation: false when it staged nothing. Otherwise its
    /// offsets are gone from the store and, if it commits, returned to be applied. Offsets of another incarnation
    /// stay: a fenced producer's EndTxn must not touch them, and a newer producer's next commit replaces them.
    /// </summary>
    public bool TryEnd(EndTxnRequest request, out IReadOnlyList<GroupOffsetCommit> commits)
    {
        ArgumentNullException.ThrowIfNull(request);
        commits = [];
        lock (_gate)
        {
            if (!_transactions.TryGetValue(request.TransactionalId, out var staged) || !staged.BelongsTo(request.ProducerId, request.ProducerEpoch))
            {
                return false;
            }

            _transactions.Remove(request.TransactionalId);
            if (request.Committed)
            {
                commits = staged.ToCommits();
            }

            return true;
        }
    }

    /// <summary>Number of transactional ids with staged offsets.</summary>
    public int PendingTransactions
    {
        get
        {
            lock (_gate)
            {
                return _transactions.Count;
            }
        }
    }
}
