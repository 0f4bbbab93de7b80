namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Edges of edge stores that were let go (<see cref="InMemoryEdgeStore.ReleaseTo"/>), for the stores created after them
/// in the same process. A store recycles its own edges once they pair or expire, so a long-running one allocates none;
/// a new one (a task assigned by a rebalance, a tenant rebuilt) would otherwise allocate one per edge it holds until its
/// first edges expire, the service graph's whole wait, and every one of them would outlive a collection or two; and its
/// key map would grow step by step to what its predecessor's had reached. The pool keeps both, bounded: edges, and
/// emptied maps that keep their capacity. Shared by the stream threads of the process; stores take and give edges in
/// batches, one lock each.
/// </summary>
public sealed class EdgePool
{
    /// <summary>Edges the process-wide pool keeps at most, and entries its kept maps have room for.</summary>
    public const int DefaultCapacity = 262_144;

    /// <summary>Edges a store takes at once when its own spares run out.</summary>
    public const int TakeBatch = 256;

    private readonly Lock _gate = new();
    private readonly Stack<Edge> _edges = new();
    private readonly Stack<Dictionary<EdgeKey, Edge>> _maps = new();
    private long _mapEntries;

    /// <param name="capacity">
    /// Edges the pool keeps at most; the emptied key maps it keeps hold room for at most as many entries together, so a
    /// worker whose tasks move away keeps a bounded amount (about 40 MB of edges and 12 MB of maps by default).
    /// </param>
    public EdgePool(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>The pool of the process.</summary>
    public static EdgePool Shared { get; } = new();

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _edges.Count;
            }
        }
    }

    /// <summary>Emptied key maps held now.</summary>
    public int Maps
    {
        get
        {
            lock (_gate)
            {
                return _maps.Count;
            }
        }
    }

    /// <summary>An emptied key map of a released store, with the capacity it had reached; null when none is left.</summary>
    internal Dictionary<EdgeKey, Edge>? TakeMap()
    {
        lock (_gate)
        {
            if (!_maps.TryPop(out var map))
            {
                return null;
            }

            _mapEntries -= map.EnsureCapacity(0);
            return map;
        }
    }

    /// <summary>Keeps an emptied key map while the maps kept have room for no more than <see cref="Capacity"/> entries.</summary>
    internal void GiveMap(Dictionary<EdgeKey, Edge> map)
    {
        map.Clear();
        var room = map.EnsureCapacity(0);
        lock (_gate)
        {
            if (_mapEntries + room <= Capacity)
            {
                _maps.Push(map);
                _mapEntries += room;
            }
        }
    }

    /// <summary>Moves up to <paramref name="max"/> edges to <paramref name="into"/>; returns how many.</summary>
    internal int TakeInto(Stack<Edge> into, int max)
    {
        var taken = 0;
        lock (_gate)
        {
            while (taken < max && _edges.TryPop(out var edge))
            {
                into.Push(edge);
                taken++;
            }
        }

        return taken;
    }

    /// <summary>Takes every edge of <paramref name="from"/> (unlinked, owned by nobody) while there is room; the rest are left to the collector.</summary>
    internal void Give(Stack<Edge> from)
    {
        lock (_gate)
        {
            while (_edges.Count < Capacity && from.TryPop(out var edge))
            {
                _edges.Push(edge);
            }
        }

        from.Clear();
    }
}
