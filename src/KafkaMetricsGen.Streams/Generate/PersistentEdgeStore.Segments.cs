using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>The store's side of <see cref="PersistentEdgeStore"/>: restoring edges, and writing them in segments.</summary>
public sealed partial class PersistentEdgeStore
{
    /// <summary>
    /// Loads this tenant's edges from the state store (segments and one-edge entries), oldest expiration first; returns
    /// how many were restored. Unreadable entries are deleted; a segment with an edge that cannot be restored (over
    /// max_items, a duplicate) is written again without it by the next flush.
    /// </summary>
    public int Restore()
    {
        var edges = new List<(Edge Edge, EdgeSegment? Segment)>();
        var read = new List<Edge>();
        foreach (var (key, value) in _state.All())
        {
            if (EdgeStateKeys.IsSegment(key, _prefix, out var sequence))
            {
                _nextSegment = Math.Max(_nextSegment, sequence + 1);
                read.Clear();
                if (!EdgeSegmentCodec.TryRead(value, read))
                {
                    _unreadable.Inc();
                    _state.Delete(key);
                    continue;
                }

                var segment = new EdgeSegment(sequence);
                _segments.Add(sequence, segment);
                foreach (var edge in read)
                {
                    edges.Add((edge, segment));
                }

                continue;
            }

            if (!EdgeStateKeys.HasPrefix(key, _prefix))
            {
                continue;
            }

            if (EdgeCodec.TryRead(value, out var single) && !single.IsComplete)
            {
                edges.Add((single, null));
            }
            else
            {
                _unreadable.Inc();
                _state.Delete(key);
            }
        }

        edges.Sort(static (a, b) => a.Edge.ExpirationUnixSeconds.CompareTo(b.Edge.ExpirationUnixSeconds));
        var restored = 0;
        foreach (var (edge, segment) in edges)
        {
            if (_inner.Restore(edge))
            {
                segment?.Keys.Add(edge.Key);
                Held(edge.Key, segment);
                restored++;
                continue;
            }

            // Over max_items (the setting shrank), a duplicate or complete: the entry cannot be honoured, so it goes.
            _unreadable.Inc();
            if (segment is null)
            {
                _state.Delete(EdgeStateKeys.Key(_prefix, edge.Key));
            }
            else
            {
                _stale.Add(segment);
            }
        }

        foreach (var segment in _segments.Values)
        {
            if (segment.Live == 0)
            {
                _stale.Add(segment);
            }
        }

        _flushedSequence = _inner.LastSequence;
        _restored.Inc(restored);
        return restored;
    }

    /// <summary>
    /// Writes what changed since the last flush: the changed stored edges and those added since that are still pending,
    /// with the still-current edges of every segment that held a changed one, into new segments; those segments and the
    /// changed one-edge entries of older releases are deleted.
    /// </summary>
    public void Flush()
    {
        if (_released)
        {
            return;
        }

        var added = _inner.LastSequence != _flushedSequence;
        if (_touched.Count == 0 && _stale.Count == 0 && !added)
        {
            return;
        }

        foreach (var key in _touched)
        {
            if (_segmentOf.Remove(key, out var held))
            {
                held.Live--;
                _stale.Add(held);
            }
            else if (_legacy.Remove(key))
            {
                _state.Delete(EdgeStateKeys.Key(_prefix, key));
                _deletes.Inc();
            }

            // An edge added since the last flush under a key that was stored before comes with the added ones below.
            if (_inner.TryGet(key, out var edge) && edge.Sequence <= _flushedSequence)
            {
                _writes.Add(edge);
            }
        }

        _touched.Clear();
        foreach (var segment in _stale)
        {
            if (segment.Live > 0)
            {
                foreach (var key in segment.Keys)
                {
                    if (_segmentOf.TryGetValue(key, out var held) && ReferenceEquals(held, segment) && _segmentOf.Remove(key) && _inner.TryGet(key, out var edge))
                    {
                        _writes.Add(edge);
                    }
                }
            }

            _segments.Remove(segment.Sequence);
            _state.Delete(EdgeStateKeys.Segment(_prefix, segment.Sequence));
            _deletes.Inc();
        }

        _stale.Clear();
        if (added)
        {
            _inner.CollectNewerThan(_flushedSequence, _writes);
            _flushedSequence = _inner.LastSequence;
        }

        Write();
    }

    /// <summary>Writes <see cref="_writes"/> in segments of at most about <see cref="MaxSegmentBytes"/>.</summary>
    private void Write()
    {
        EdgeSegment? segment = null;
        foreach (var edge in _writes)
        {
            if (segment is null)
            {
                segment = new EdgeSegment(_nextSegment++);
                _codec.Start();
            }

            _codec.Add(edge);
            segment.Keys.Add(edge.Key);
            if (_codec.Length >= MaxSegmentBytes)
            {
                Put(segment);
                segment = null;
            }
        }

        if (segment is not null)
        {
            Put(segment);
        }

        _writes.Clear();
    }

    private void Put(EdgeSegment segment)
    {
        foreach (var key in segment.Keys)
        {
            Held(key, segment);
        }

        _segments.Add(segment.Sequence, segment);
        _state.Put(EdgeStateKeys.Segment(_prefix, segment.Sequence), _codec.ToArray());
        _puts.Inc();
        _edgesWritten.Inc(segment.Keys.Count);
    }

    /// <summary>Notes where the current copy of an edge is stored: a segment (which lists it), or (null) a one-edge entry.</summary>
    private void Held(in EdgeKey key, EdgeSegment? segment)
    {
        if (segment is null)
        {
            _legacy.Add(key);
            return;
        }

        segment.Live++;
        _segmentOf[key] = segment;
    }
}
