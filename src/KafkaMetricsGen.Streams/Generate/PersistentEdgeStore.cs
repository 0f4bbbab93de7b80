using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// An <see cref="IEdgeStore"/> whose pending edges survive a restart: an <see cref="InMemoryEdgeStore"/> does the
/// pairing, this decorator notes which stored edges a call changed, and <see cref="Flush"/> (before every commit, so the
/// writes join that commit, and before a settings change rebuilds the tenant) writes what changed. Edges added since
/// the last flush are not noted one by one: the flush takes those still pending from the end of the inner store's
/// expiry list (<see cref="InMemoryEdgeStore.CollectNewerThan"/>), so the common edge, added and completed between two
/// flushes, costs nothing here. Edges are written in
/// segments (<see cref="EdgeSegmentCodec"/>, at most <see cref="MaxSegmentBytes"/> each): one entry, and one changelog
/// record, holds every edge a flush writes, where one per edge made the changelog the busiest topic of the worker (a
/// trace whose client calls an uninstrumented peer leaves an edge pending until it expires: one put and one delete per
/// trace). A segment always holds exactly the current copies of its edges: when one of them completes, expires or
/// changes, the flush deletes the segment and writes the others again with the flush's own edges; as edges expire
/// oldest first, segments mostly go whole. One-edge entries of older releases are restored and replaced the first time
/// their edge changes. Only edges are kept: the dropped-side cache is a short-lived filter hint and starts empty after a
/// restart.
/// </summary>
public sealed partial class PersistentEdgeStore : IEdgeStore
{
    /// <summary>
    /// Bytes after which a flush starts a new segment (64 KiB, about 400 edges of typical size): large enough that a
    /// commit writes few records, small enough that rewriting a segment one of whose edges changed costs little and
    /// that a segment stays far below the internal topics' record limit.
    /// </summary>
    public const int MaxSegmentBytes = 64 * 1024;

    private readonly InMemoryEdgeStore _inner;
    private readonly IEdgeStateStore _state;
    private readonly byte[] _prefix;
    private readonly HashSet<EdgeKey> _touched = [];

    // Edges stored one per entry by an older release, until they change.
    private readonly HashSet<EdgeKey> _legacy = [];

    // The segment holding each stored edge's current copy, and the segments.
    private readonly Dictionary<EdgeKey, EdgeSegment> _segmentOf = [];
    private readonly Dictionary<long, EdgeSegment> _segments = [];

    // Segments whose copies are no longer all current: rewritten (or deleted) by the next flush.
    private readonly HashSet<EdgeSegment> _stale = [];
    private readonly List<Edge> _writes = [];
    private readonly EdgeSegmentCodec _codec = new();
    private readonly ExpiryRecorder _expiry;
    private readonly Prometheus.Counter.Child _restored;
    private readonly Prometheus.Counter.Child _unreadable;
    private readonly Prometheus.Counter.Child _puts;
    private readonly Prometheus.Counter.Child _deletes;
    private readonly Prometheus.Counter.Child _edgesWritten;
    private long _nextSegment;

    // The inner store's sequence at the last flush (or restore): pending edges added after it are not stored yet.
    private long _flushedSequence;
    private bool _released;

    public PersistentEdgeStore(string tenant, InMemoryEdgeStore inner, IEdgeStateStore state)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(state);
        Tenant = tenant;
        _inner = inner;
        _state = state;
        _prefix = EdgeStateKeys.Prefix(tenant);
        _expiry = new ExpiryRecorder(_touched);
        _restored = EdgeStoreMetrics.Restored.WithLabels(tenant);
        _unreadable = EdgeStoreMetrics.Unreadable.WithLabels(tenant);
        _puts = EdgeStoreMetrics.Puts.WithLabels(tenant);
        _deletes = EdgeStoreMetrics.Deletes.WithLabels(tenant);
        _edgesWritten = EdgeStoreMetrics.EdgesWritten.WithLabels(tenant);
    }

    public string Tenant { get; }

    public int Count => _inner.Count;

    public int DroppedSideCount => _inner.DroppedSideCount;

    /// <summary>Stored edges changed, segments to rewrite and pending edges added since the last <see cref="Flush"/>.</summary>
    public int PendingWrites => _touched.Count + _stale.Count + _inner.CountNewerThan(_flushedSequence);

    /// <summary>Whether <see cref="PendingWrites"/> is above 0, without counting the new pending edges one by one.</summary>
    public bool HasPendingWrites => _touched.Count != 0 || _stale.Count != 0 || _inner.HasNewerThan(_flushedSequence);

    /// <summary>Tenants that have edges in <paramref name="state"/>, so a restarted task can rebuild them before their next span.</summary>
    public static IReadOnlyCollection<string> Tenants(IEdgeStateStore state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tenants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in state.All())
        {
            if (EdgeStateKeys.TryReadTenant(key, out var tenant))
            {
                tenants.Add(tenant);
            }
        }

        return tenants;
    }

    /// <summary>
    /// Lets the store go when its task closes: its edges go to the process's <see cref="EdgePool"/> for the stores
    /// created after it, and a later <see cref="Flush"/> writes nothing. Streamiz closes a task's processors after the
    /// task's last commit flushed the store (and after a dirty close nothing may be written), so the stored state is
    /// what that commit left.
    /// </summary>
    public void Release()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        _inner.ReleaseTo(EdgePool.Shared);
    }

    public EdgeUpsertResult Upsert(in EdgeKey key, EdgeSide side, IEdgeUpdate update)
    {
        var result = _inner.Upsert(key, side, update);

        // A created edge, and one added since the last flush, is found by the flush at the end of the expiry list; only
        // an edge pending at the last flush can have a stored copy, so the common edge, created and completed between
        // two flushes, is not looked up.
        if (result is EdgeUpsertResult.Updated or EdgeUpsertResult.Completed && _inner.UpsertedSequence <= _flushedSequence && IsStored(key))
        {
            _touched.Add(key);
        }

        return result;
    }

    public DroppedSideResult AddDroppedSide(in EdgeKey key, EdgeSide side)
    {
        var result = _inner.AddDroppedSide(key, side);
        if ((result & DroppedSideResult.CounterpartDeleted) != 0)
        {
            _touched.Add(key);
        }

        return result;
    }

    public bool HasDroppedSide(in EdgeKey key, EdgeSide side) => _inner.HasDroppedSide(key, side);

    private bool IsStored(in EdgeKey key) => _segmentOf.ContainsKey(key) || (_legacy.Count != 0 && _legacy.Contains(key));

    public void Expire(IEdgeExpiryHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _expiry.Handler = handler;
        try
        {
            _inner.Expire(_expiry);
        }
        finally
        {
            _expiry.Handler = null;
        }
    }

    private sealed class ExpiryRecorder(HashSet<EdgeKey> touched) : IEdgeExpiryHandler
    {
        public IEdgeExpiryHandler? Handler { get; set; }

        public void OnExpire(Edge edge)
        {
            touched.Add(edge.Key);
            Handler!.OnExpire(edge);
        }
    }
}
