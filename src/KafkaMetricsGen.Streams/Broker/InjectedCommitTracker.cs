using System.Collections.Concurrent;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// The requests the proxy wrote on one connection and whose responses it still expects: OffsetCommits, and the
/// Heartbeats that check a TxnOffsetCommit's group membership (<see cref="GroupMembershipProbe"/>). Their correlation
/// ids count down from -1: clients count up from 0 or 1, so the two never meet. A TxnOffsetCommit the check refused
/// is noted by the client's correlation id until its answer, which the client gets with that refusal.
/// </summary>
internal sealed class InjectedCommitTracker
{
    private readonly ConcurrentDictionary<int, (GroupOffsetCommit Commit, TaskCompletionSource<bool> Stored)> _pending = new();
    private readonly ConcurrentDictionary<int, MembershipCheck> _checks = new();
    private readonly ConcurrentDictionary<int, (short Version, short Error)> _refused = new();
    private int _lastCorrelationId;

    /// <summary>Registers the membership check of a TxnOffsetCommit (sent by the client as <paramref name="clientCorrelationId"/>); its correlation id.</summary>
    public int RegisterCheck(TxnOffsetCommitRequest request, int clientCorrelationId)
    {
        var correlationId = Interlocked.Decrement(ref _lastCorrelationId);
        _checks[correlationId] = new MembershipCheck(request, clientCorrelationId);
        return correlationId;
    }

    public bool TryCompleteCheck(int correlationId, out MembershipCheck? check) => _checks.TryRemove(correlationId, out check);

    /// <summary>The answer to the client's request <paramref name="clientCorrelationId"/> must carry <paramref name="error"/>.</summary>
    public void Refuse(int clientCorrelationId, short version, short error) => _refused[clientCorrelationId] = (version, error);

    public bool IsRefused(int correlationId) => correlationId >= 0 && _refused.ContainsKey(correlationId);

    public bool TryTakeRefusal(int correlationId, out (short Version, short Error) refusal) => _refused.TryRemove(correlationId, out refusal);

    /// <summary>
    /// Registers a commit before it is written, so its response cannot arrive unannounced; <paramref name="stored"/>
    /// completes with whether the broker stored every partition of it (false when it refused one or never answered).
    /// </summary>
    public int Register(GroupOffsetCommit commit, out Task<bool> stored)
    {
        var correlationId = Interlocked.Decrement(ref _lastCorrelationId);
        var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[correlationId] = (commit, completion);
        stored = completion.Task;
        return correlationId;
    }

    public bool IsPending(int correlationId) => correlationId < 0 && (_pending.ContainsKey(correlationId) || _checks.ContainsKey(correlationId));

    /// <summary>Takes the commit answered as <paramref name="correlationId"/>; <paramref name="stored"/> is to be told the verdict.</summary>
    public bool TryComplete(int correlationId, out GroupOffsetCommit? commit, out TaskCompletionSource<bool>? stored)
    {
        if (_pending.TryRemove(correlationId, out var pending))
        {
            (commit, stored) = pending;
            return true;
        }

        (commit, stored) = (null, null);
        return false;
    }

    /// <summary>Removes and returns the commits still unanswered (the connection is gone); each counts as not stored.</summary>
    public List<GroupOffsetCommit> Abandon()
    {
        var abandoned = new List<GroupOffsetCommit>();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.Stored.TrySetResult(false);
                abandoned.Add(pending.Commit);
            }
        }

        return abandoned;
    }
}

/// <summary>A TxnOffsetCommit whose group membership is being checked, and the client's correlation id for it.</summary>
internal sealed record MembershipCheck(TxnOffsetCommitRequest Request, int ClientCorrelationId);
