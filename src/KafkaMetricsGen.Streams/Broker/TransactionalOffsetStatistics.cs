using System.Globalization;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// What the embedded broker's proxies did with offsets committed inside transactions. A refused or lost commit
/// does not fail the client's transaction (the mock already answered it), so this is where a test sees it.
/// </summary>
public sealed class TransactionalOffsetStatistics
{
    private long _stagedRequests;
    private long _committedPartitions;
    private long _failedPartitions;
    private long _abortedTransactions;
    private long _abortedCommits;
    private long _malformedRequests;
    private long _refusedRequests;
    private long _recoveredProducers;
    private long _unknownGroupHeartbeats;
    private long _filteredFetches;
    private long _fencedEnds;
    private long _acceptedConnections;
    private long _closedConnections;
    private string? _lastFailure;
    private string? _lastRecovery;

    /// <summary>TxnOffsetCommit requests whose offsets were held for their transaction.</summary>
    public long StagedRequests => Interlocked.Read(ref _stagedRequests);

    /// <summary>Partition offsets the mock stored when their transaction committed.</summary>
    public long CommittedPartitions => Interlocked.Read(ref _committedPartitions);

    /// <summary>Partition offsets the mock refused, or whose answer never came, when their transaction committed.</summary>
    public long FailedPartitions => Interlocked.Read(ref _failedPartitions);

    /// <summary>Transactions that aborted with offsets staged; those offsets were dropped.</summary>
    public long AbortedTransactions => Interlocked.Read(ref _abortedTransactions);

    /// <summary>
    /// EndTxn(commit) requests forwarded as aborts because the broker refused the transaction's offsets (the member
    /// had left the group since its TxnOffsetCommit was accepted): its records were dropped with them, as Kafka never
    /// lets one of the two commit without the other.
    /// </summary>
    public long AbortedCommits => Interlocked.Read(ref _abortedCommits);

    /// <summary>
    /// TxnOffsetCommit requests refused because their group member or generation was no longer current (as a real
    /// broker does); their offsets were not staged, and the client was told, so it aborts its transaction.
    /// </summary>
    public long RefusedRequests => Interlocked.Read(ref _refusedRequests);

    /// <summary>TxnOffsetCommit or EndTxn requests the proxy could not parse; they were forwarded as they were.</summary>
    public long MalformedRequests => Interlocked.Read(ref _malformedRequests);

    /// <summary>
    /// InitProducerId requests naming a producer this broker never saw (the client met a restarted broker): forwarded
    /// without it, so the transactional id is initialised afresh as Kafka does, instead of failing for ever.
    /// </summary>
    public long RecoveredProducers => Interlocked.Read(ref _recoveredProducers);

    /// <summary>What the latest of <see cref="RecoveredProducers"/> named; null when there was none.</summary>
    public string? LastRecovery => Volatile.Read(ref _lastRecovery);

    /// <summary>
    /// Heartbeats for a group the broker does not know (it restarted and lost its groups), answered UNKNOWN_MEMBER_ID
    /// as Kafka does instead of the mock's GROUP_ID_NOT_FOUND, so the consumer joins again.
    /// </summary>
    public long UnknownGroupHeartbeats => Interlocked.Read(ref _unknownGroupHeartbeats);

    /// <summary>
    /// read_committed Fetch responses the proxy rewrote before the client got them: records of aborted transactions
    /// taken out, or the answer cut at the first transaction still open (the last stable offset).
    /// </summary>
    public long FilteredFetches => Interlocked.Read(ref _filteredFetches);

    /// <summary>
    /// EndTxn requests of a producer that a later InitProducerId of its transactional id fenced: answered
    /// PRODUCER_FENCED as Kafka does (the mock would have served them), its transaction aborted and its staged offsets
    /// dropped.
    /// </summary>
    public long FencedEnds => Interlocked.Read(ref _fencedEnds);

    /// <summary>Client connections the proxies accepted (after the broker began serving clients).</summary>
    public long AcceptedConnections => Interlocked.Read(ref _acceptedConnections);

    /// <summary>Client connections open now.</summary>
    public long OpenConnections => Interlocked.Read(ref _acceptedConnections) - Interlocked.Read(ref _closedConnections);

    /// <summary>The latest failure or parse error, for a test's assertion message; null when there was none.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    internal void OnStaged() => Interlocked.Increment(ref _stagedRequests);

    internal void OnAborted() => Interlocked.Increment(ref _abortedTransactions);

    internal void OnCommitTurnedAbort(string reason)
    {
        Interlocked.Increment(ref _abortedCommits);
        Volatile.Write(ref _lastFailure, reason);
    }

    internal void OnCommitted(int partitions) => Interlocked.Add(ref _committedPartitions, partitions);

    internal void OnFailed(int partitions, string reason)
    {
        Interlocked.Add(ref _failedPartitions, partitions);
        Volatile.Write(ref _lastFailure, reason);
    }

    internal void OnRefused(string reason)
    {
        Interlocked.Increment(ref _refusedRequests);
        Volatile.Write(ref _lastFailure, reason);
    }

    internal void OnRecoveredProducer(string description)
    {
        Interlocked.Increment(ref _recoveredProducers);
        Volatile.Write(ref _lastRecovery, description);
    }

    internal void OnUnknownGroup() => Interlocked.Increment(ref _unknownGroupHeartbeats);

    internal void OnFetchFiltered() => Interlocked.Increment(ref _filteredFetches);

    internal void OnFencedEnd() => Interlocked.Increment(ref _fencedEnds);

    internal void OnConnectionAccepted() => Interlocked.Increment(ref _acceptedConnections);

    internal void OnConnectionClosed() => Interlocked.Increment(ref _closedConnections);

    internal void OnMalformed(string reason)
    {
        Interlocked.Increment(ref _malformedRequests);
        Volatile.Write(ref _lastFailure, reason);
    }

    /// <summary>
    /// The figures as <c>name=value</c> pairs: <c>offsets_staged</c> (<see cref="StagedRequests"/>),
    /// <c>offsets_committed</c> and <c>offsets_failed</c> (partitions), <c>offsets_dropped</c>
    /// (<see cref="AbortedTransactions"/>), <c>commits_turned_aborts</c> (<see cref="AbortedCommits"/>),
    /// <c>offsets_refused</c>, then the rest by their property names, and the latest failure.
    /// </summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"offsets_staged={StagedRequests} offsets_committed={CommittedPartitions} offsets_failed={FailedPartitions} offsets_dropped={AbortedTransactions} commits_turned_aborts={AbortedCommits} offsets_refused={RefusedRequests} recovered_producers={RecoveredProducers} unknown_group_heartbeats={UnknownGroupHeartbeats} filtered_fetches={FilteredFetches} fenced_producer_ends={FencedEnds} connections={AcceptedConnections} open_connections={OpenConnections} malformed={MalformedRequests} last={LastFailure ?? "none"}");
}
