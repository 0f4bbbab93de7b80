using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

/// <summary>
/// An <see cref="IEdgeStore"/> that keeps nothing but <see cref="EdgeCodec"/> bytes in a shared "disk" dictionary, the
/// way a key-value state store would; a new instance over the same disk is a restarted worker.
/// </summary>
internal sealed class CodecBackedEdgeStore(Dictionary<EdgeKey, byte[]> disk, TimeSpan wait, int maxItems, TimeProvider time) : IEdgeStore
{
    private readonly HashSet<(EdgeKey, EdgeSide)> _droppedSides = [];

    public int Count => disk.Count;

    public int DroppedSideCount => _droppedSides.Count;

    public EdgeUpsertResult Upsert(in EdgeKey key, EdgeSide side, IEdgeUpdate update)
    {
        if (disk.TryGetValue(key, out var bytes))
        {
            Assert.True(EdgeCodec.TryRead(bytes, out var stored));
            update.Apply(stored);
            if (stored.IsComplete)
            {
                update.Complete(stored);
                disk.Remove(key);
                return EdgeUpsertResult.Completed;
            }

            disk[key] = EdgeCodec.ToArray(stored);
            return EdgeUpsertResult.Updated;
        }

        if (_droppedSides.Contains((key, side == EdgeSide.Client ? EdgeSide.Server : EdgeSide.Client)))
        {
            return EdgeUpsertResult.DroppedSide;
        }

        var edge = new Edge();
        edge.Reset(key, (time.GetUtcNow() + wait).ToUnixTimeSeconds());
        update.Apply(edge);
        if (edge.IsComplete)
        {
            update.Complete(edge);
            return EdgeUpsertResult.CreatedComplete;
        }

        if (disk.Count >= maxItems)
        {
            return EdgeUpsertResult.TooManyItems;
        }

        disk[key] = EdgeCodec.ToArray(edge);
        return EdgeUpsertResult.Created;
    }

    public DroppedSideResult AddDroppedSide(in EdgeKey key, EdgeSide side)
    {
        _droppedSides.Add((key, side));
        return DroppedSideResult.Recorded;
    }

    public bool HasDroppedSide(in EdgeKey key, EdgeSide side) => _droppedSides.Contains((key, side));

    public void Expire(IEdgeExpiryHandler handler)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var (key, bytes) in disk.ToList())
        {
            Assert.True(EdgeCodec.TryRead(bytes, out var edge));
            if (now >= edge.ExpirationUnixSeconds)
            {
                handler.OnExpire(edge);
                disk.Remove(key);
            }
        }
    }
}
