using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// An <see cref="IEdgeStore"/> whose pending edges survive a restart: an <see cref="InMemoryEdgeStore"/> does the
/// pairing, this decorator notes which keys a call touched, and <see cref="Flush"/> (before every commit, so the writes
/// join that commit, and before a settings change rebuilds the tenant) puts the <see cref="EdgeCodec"/> bytes of live
/// edges and deletes gone ones. Only edges are kept: the dropped-side cache is a short-lived filter hint and starts
/// empty after a restart.
/// </summary>
public sealed class PersistentEdgeStore : IEdgeStore
{
    private readonly InMemoryEdgeStore _inner;
    private readonly IEdgeStateStore _state;
    private readonly byte[] _prefix;
    private readonly HashSet<EdgeKey> _touched = [];

    // Keys present in the state store, so an edge created and completed between two flushes writes no tombstone.
    private readonly HashSet<EdgeKey> _persisted = [];
    private readonly ExpiryRecorder _expiry;
    private readonly Prometheus.Counter.Child _restored;
    private readonly Prometheus.Counter.Child _unreadable;

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
    }

    public string Tenant { get; }

    public int Count => _inner.Count;

    public int DroppedSideCount => _inner.DroppedSideCount;

    /// <summary>Keys touched since the last <see cref="Flush"/>.</summary>
    public int PendingWrites => _touched.Count;

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

    /// <summary>Loads this tenant's edges from the state store, oldest expiration first; returns how many were restored.</summary>
    public int Restore()
    {
        var edges = new List<Edge>();
        foreach (var (key, value) in _state.All())
        {
            if (!EdgeStateKeys.HasPrefix(key, _prefix))
            {
                continue;
            }

            if (EdgeCodec.TryRead(value, out var edge) && !edge.IsComplete)
            {
                edges.Add(edge);
            }
            else
            {
                _unreadable.Inc();
                _state.Delete(key);
            }
        }

        edges.Sort(static (a, b) => a.ExpirationUnixSeconds.CompareTo(b.ExpirationUnixSeconds));
        var restored = 0;
        foreach (var edge in edges)
        {
            if (_inner.Restore(edge))
            {
                _persisted.Add(edge.Key);
                restored++;
            }
            else
            {
                // Over max_items (the setting shrank) or a duplicate: the entry cannot be honoured, so it goes.
                _unreadable.Inc();
                _state.Delete(EdgeStateKeys.Key(_prefix, edge.Key));
            }
        }

        _restored.Inc(restored);
        return restored;
    }

    public EdgeUpsertResult Upsert<TUpdate>(in EdgeKey key, EdgeSide side, ref TUpdate update)
        where TUpdate : struct, IEdgeUpdate
    {
        var result = _inner.Upsert(key, side, ref update);
        if (result is EdgeUpsertResult.Created or EdgeUpsertResult.Updated or EdgeUpsertResult.Completed)
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

    /// <summary>Writes the touched keys to the state store: the edge's bytes while pending, a delete once gone.</summary>
    public void Flush()
    {
        if (_touched.Count == 0)
        {
            return;
        }

        foreach (var key in _touched)
        {
            if (_inner.TryGet(key, out var edge))
            {
                _state.Put(EdgeStateKeys.Key(_prefix, key), EdgeCodec.ToArray(edge));
                _persisted.Add(key);
            }
            else if (_persisted.Remove(key))
            {
                _state.Delete(EdgeStateKeys.Key(_prefix, key));
            }
        }

        _touched.Clear();
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
