namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// The reference <see cref="IEdgeStore"/>: a hash map plus an intrusive FIFO list in creation order. All edges share
/// one wait, so the list is also in expiration order and expiry pops from the head (as Tempo does). Removed edges are
/// recycled, so steady-state pairing allocates nothing; a new store takes spare edges from an <see cref="EdgePool"/>
/// that stores let go of before it.
/// </summary>
public sealed class InMemoryEdgeStore : IEdgeStore
{
    private Dictionary<EdgeKey, Edge> _edges;
    private readonly Dictionary<DroppedSideKey, long> _droppedSides = [];
    private readonly Stack<Edge> _free = new();
    private readonly TimeSpan _wait;
    private readonly int _maxItems;
    private readonly TimeProvider _time;
    private readonly EdgePool _pool;
    private Edge? _head;
    private Edge? _tail;
    private long _sequence;

    /// <param name="wait">How long an edge waits for its other side.</param>
    /// <param name="maxItems">Pending edges at most.</param>
    /// <param name="timeProvider">The clock of expiry.</param>
    /// <param name="pool">Where spare edges come from once the store's own run out; none: <see cref="EdgePool.Shared"/>.</param>
    public InMemoryEdgeStore(TimeSpan wait, int maxItems, TimeProvider timeProvider, EdgePool? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _wait = wait;
        _maxItems = maxItems;
        _time = timeProvider;
        _pool = pool ?? EdgePool.Shared;
        _edges = _pool.TakeMap() ?? new Dictionary<EdgeKey, Edge>(Math.Min(maxItems, 1024));
    }

    /// <summary>A store with the options' <c>wait</c> and <c>max_items</c>.</summary>
    public static InMemoryEdgeStore Create(ServiceGraphsOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new InMemoryEdgeStore(options.Wait, options.MaxItems, timeProvider);
    }

    public int Count => _edges.Count;

    public int DroppedSideCount => _droppedSides.Count;

    public EdgeUpsertResult Upsert(in EdgeKey key, EdgeSide side, IEdgeUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (_edges.TryGetValue(key, out var existing))
        {
            UpsertedSequence = existing.Sequence;
            update.Apply(existing);
            if (!existing.IsComplete)
            {
                return EdgeUpsertResult.Updated;
            }

            update.Complete(existing);
            Remove(existing);
            return EdgeUpsertResult.Completed;
        }

        if (_droppedSides.Count != 0 && _droppedSides.ContainsKey(new DroppedSideKey(key, Opposite(side))))
        {
            return EdgeUpsertResult.DroppedSide;
        }

        var edge = Rent(key);
        update.Apply(edge);
        if (edge.IsComplete)
        {
            update.Complete(edge);
            Recycle(edge);
            return EdgeUpsertResult.CreatedComplete;
        }

        if (_edges.Count >= _maxItems)
        {
            Recycle(edge);
            return EdgeUpsertResult.TooManyItems;
        }

        // The clock is read only for an edge that waits: a database call completes at once and never needs it.
        // Tempo truncates now + wait to whole seconds; expiry then fires between wait − 1 s and wait + tick interval.
        edge.ExpirationUnixSeconds = ((update.Now ?? _time.GetUtcNow()) + _wait).ToUnixTimeSeconds();
        _edges.Add(key, edge);
        Append(edge);
        return EdgeUpsertResult.Created;
    }

    public DroppedSideResult AddDroppedSide(in EdgeKey key, EdgeSide side)
    {
        var result = DroppedSideResult.Recorded;
        if (_edges.TryGetValue(key, out var edge) && !edge.IsComplete && edge.HeldSide != side)
        {
            Remove(edge);
            result |= DroppedSideResult.CounterpartDeleted;
        }

        var entry = new DroppedSideKey(key, side);
        var expiration = NowUnixNano() + _wait.Ticks * TimeSpan.NanosecondsPerTick;
        if (_droppedSides.ContainsKey(entry))
        {
            _droppedSides[entry] = expiration;
        }
        else if (_droppedSides.Count >= _maxItems)
        {
            result |= DroppedSideResult.Overflow;
        }
        else
        {
            _droppedSides.Add(entry, expiration);
        }

        return result;
    }

    public bool HasDroppedSide(in EdgeKey key, EdgeSide side) => _droppedSides.ContainsKey(new DroppedSideKey(key, side));

    /// <summary>The pending edge of <paramref name="key"/>, if any; it stays owned (and may be recycled) by the store.</summary>
    public bool TryGet(in EdgeKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Edge edge) => _edges.TryGetValue(key, out edge);

    /// <summary>
    /// Puts back a pending edge read from a persistent copy, keeping its expiration. Restore oldest first: expiry
    /// assumes the FIFO list is in expiration order. False (nothing changes) when the key is present or the store is full.
    /// </summary>
    public bool Restore(Edge edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        if (edge.IsComplete || _edges.Count >= _maxItems || _edges.ContainsKey(edge.Key))
        {
            return false;
        }

        edge.Previous = null;
        edge.Next = null;
        _edges.Add(edge.Key, edge);
        Append(edge);
        return true;
    }

    public void Expire(IEdgeExpiryHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        while (_head is { } head && now >= head.ExpirationUnixSeconds)
        {
            handler.OnExpire(head);
            Remove(head);
        }

        if (_droppedSides.Count == 0)
        {
            return;
        }

        var nowNano = NowUnixNano();
        foreach (var (entry, expiration) in _droppedSides)
        {
            if (nowNano >= expiration)
            {
                _droppedSides.Remove(entry);
            }
        }
    }

    /// <summary>
    /// The sequence number of the pending edge the last <see cref="Upsert"/> updated or completed (meaningful only when
    /// it returned <see cref="EdgeUpsertResult.Updated"/> or <see cref="EdgeUpsertResult.Completed"/>): a persistent
    /// copy can tell from it whether the edge was already pending at its last flush.
    /// </summary>
    public long UpsertedSequence { get; private set; }

    /// <summary>The sequence number of the edge added last (pending or not any more); 0 before the first.</summary>
    public long LastSequence => _sequence;

    /// <summary>
    /// Adds the pending edges added after <paramref name="sequence"/> to <paramref name="into"/>, oldest first. They are
    /// the end of the expiry list (edges are appended in the order they are added and only ever unlinked), so this walks
    /// back from its end as far as they go.
    /// </summary>
    public void CollectNewerThan(long sequence, List<Edge> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var start = into.Count;
        for (var edge = _tail; edge is not null && edge.Sequence > sequence; edge = edge.Previous)
        {
            into.Add(edge);
        }

        into.Reverse(start, into.Count - start);
    }

    /// <summary>Whether a pending edge was added after <paramref name="sequence"/>: the newest one tells, nothing is walked.</summary>
    public bool HasNewerThan(long sequence) => _tail is { } newest && newest.Sequence > sequence;

    /// <summary>How many pending edges were added after <paramref name="sequence"/>.</summary>
    public int CountNewerThan(long sequence)
    {
        var count = 0;
        for (var edge = _tail; edge is not null && edge.Sequence > sequence; edge = edge.Previous)
        {
            count++;
        }

        return count;
    }

    private static EdgeSide Opposite(EdgeSide side) => side == EdgeSide.Client ? EdgeSide.Server : EdgeSide.Client;

    private long NowUnixNano() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * TimeSpan.NanosecondsPerTick;

    /// <summary>
    /// Gives every edge the store holds, pending or spare, and its key map to <paramref name="pool"/> and empties the
    /// store (the pending edges are dropped: call this when the store is let go, after anything that must outlive it was
    /// written).
    /// </summary>
    public void ReleaseTo(EdgePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        for (var edge = _head; edge is not null;)
        {
            var next = edge.Next;
            edge.Previous = null;
            edge.Next = null;
            _free.Push(edge);
            edge = next;
        }

        _head = null;
        _tail = null;
        _droppedSides.Clear();
        pool.Give(_free);
        pool.GiveMap(_edges);
        _edges = [];
    }

    private Edge Rent(in EdgeKey key)
    {
        if (_free.Count == 0)
        {
            _pool.TakeInto(_free, EdgePool.TakeBatch);
        }

        var edge = _free.Count > 0 ? _free.Pop() : new Edge();
        edge.Reset(key, 0);
        return edge;
    }

    private void Remove(Edge edge)
    {
        _edges.Remove(edge.Key);
        if (edge.Previous is { } previous)
        {
            previous.Next = edge.Next;
        }
        else
        {
            _head = edge.Next;
        }

        if (edge.Next is { } next)
        {
            next.Previous = edge.Previous;
        }
        else
        {
            _tail = edge.Previous;
        }

        Recycle(edge);
    }

    private void Append(Edge edge)
    {
        edge.Sequence = ++_sequence;
        edge.Previous = _tail;
        edge.Next = null;
        if (_tail is null)
        {
            _head = edge;
        }
        else
        {
            _tail.Next = edge;
        }

        _tail = edge;
    }

    private void Recycle(Edge edge)
    {
        edge.Previous = null;
        edge.Next = null;
        if (_free.Count < _maxItems)
        {
            _free.Push(edge);
        }
    }

    private readonly record struct DroppedSideKey(EdgeKey Key, EdgeSide Side);
}
