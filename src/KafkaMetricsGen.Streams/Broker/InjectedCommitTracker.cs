using System.Collections.Concurrent;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// The OffsetCommit requests the proxy wrote on one connection and whose responses it still expects. Their
/// correlation ids count down from -1: clients count up from 0 or 1, so the two never meet.
/// </summary>
internal sealed class InjectedCommitTracker
{
    private readonly ConcurrentDictionary<int, GroupOffsetCommit> _pending = new();
    private int _lastCorrelationId;

    /// <summary>Registers a commit before it is written, so its response cannot arrive unannounced.</summary>
    public int Register(GroupOffsetCommit commit)
    {
        var correlationId = Interlocked.Decrement(ref _lastCorrelationId);
        _pending[correlationId] = commit;
        return correlationId;
    }

    public bool IsPending(int correlationId) => correlationId < 0 && _pending.ContainsKey(correlationId);

    public bool TryComplete(int correlationId, out GroupOffsetCommit? commit) => _pending.TryRemove(correlationId, out commit);

    /// <summary>Removes and returns the commits still unanswered (the connection is gone).</summary>
    public List<GroupOffsetCommit> Abandon()
    {
        var abandoned = new List<GroupOffsetCommit>();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var commit))
            {
                abandoned.Add(commit);
            }
        }

        return abandoned;
    }
}
