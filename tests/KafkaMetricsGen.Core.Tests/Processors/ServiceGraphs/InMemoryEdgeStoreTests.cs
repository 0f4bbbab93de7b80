using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

public sealed class InMemoryEdgeStoreTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly Recorder _recorder = new();

    [Fact]
    public void A_client_then_its_server_complete_the_edge_once()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time);

        Assert.Equal(EdgeUpsertResult.Created, Upsert(store, Key(1), EdgeSide.Client, "a"));
        Assert.Equal(EdgeUpsertResult.Updated, Upsert(store, Key(1), EdgeSide.Client, "a"));
        Assert.Equal(1, store.Count);
        Assert.Equal(EdgeUpsertResult.Completed, Upsert(store, Key(1), EdgeSide.Server, "b"));

        Assert.Equal(0, store.Count);
        Assert.Equal(["a->b"], _recorder.Completed);
    }

    [Fact]
    public void An_edge_complete_on_creation_is_emitted_and_not_stored_even_when_full()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 1, _time);
        Upsert(store, Key(1), EdgeSide.Client, "a");

        Assert.Equal(EdgeUpsertResult.CreatedComplete, Upsert(store, Key(2), EdgeSide.Client, "a", server: "db"));
        Assert.Equal(["a->db"], _recorder.Completed);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void The_pending_edges_added_after_a_sequence_are_collected_oldest_first()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time);
        Upsert(store, Key(1), EdgeSide.Client, "a");
        var mark = store.LastSequence;
        Upsert(store, Key(2), EdgeSide.Client, "b");
        Upsert(store, Key(3), EdgeSide.Client, "c");
        Upsert(store, Key(4), EdgeSide.Client, "d");
        Upsert(store, Key(3), EdgeSide.Server, "x");
        var edges = new List<Edge>();

        store.CollectNewerThan(mark, edges);

        Assert.Equal(["b", "d"], edges.Select(e => e.ClientService));
        Assert.Equal(2, store.CountNewerThan(mark));
        Assert.Equal(0, store.CountNewerThan(store.LastSequence));
        Assert.Equal(3, store.CountNewerThan(0));
        Assert.True(store.HasNewerThan(mark));
        Assert.False(store.HasNewerThan(store.LastSequence));
    }

    [Fact]
    public void An_update_or_completion_reports_the_sequence_its_edge_was_added_with()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time);
        Upsert(store, Key(1), EdgeSide.Client, "a");
        var first = store.LastSequence;
        Upsert(store, Key(2), EdgeSide.Client, "b");

        Assert.Equal(EdgeUpsertResult.Updated, Upsert(store, Key(2), EdgeSide.Client, "b"));
        Assert.Equal(store.LastSequence, store.UpsertedSequence);
        Assert.Equal(EdgeUpsertResult.Completed, Upsert(store, Key(1), EdgeSide.Server, "x"));
        Assert.Equal(first, store.UpsertedSequence);
        Assert.NotEqual(first, store.LastSequence);
    }

    [Fact]
    public void A_full_store_refuses_new_edges_but_updates_existing_ones()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 2, _time);
        Upsert(store, Key(1), EdgeSide.Client, "a");
        Upsert(store, Key(2), EdgeSide.Client, "a");

        Assert.Equal(EdgeUpsertResult.TooManyItems, Upsert(store, Key(3), EdgeSide.Client, "a"));
        Assert.Equal(EdgeUpsertResult.Completed, Upsert(store, Key(2), EdgeSide.Server, "b"));
        Assert.Equal(EdgeUpsertResult.Created, Upsert(store, Key(3), EdgeSide.Client, "a"));
    }

    [Fact]
    public void Expiry_pops_edges_oldest_first_once_their_second_is_reached()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time);
        Upsert(store, Key(1), EdgeSide.Client, "first");
        _time.Advance(TimeSpan.FromSeconds(3));
        Upsert(store, Key(2), EdgeSide.Client, "second");

        _time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromTicks(1));
        store.Expire(_recorder);
        Assert.Empty(_recorder.Expired);

        _time.Advance(TimeSpan.FromTicks(1));
        store.Expire(_recorder);
        Assert.Equal(["first"], _recorder.Expired);

        _time.Advance(TimeSpan.FromSeconds(3));
        store.Expire(_recorder);
        Assert.Equal(["first", "second"], _recorder.Expired);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void A_dropped_side_blocks_new_edges_of_the_other_side_only()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time);
        Assert.Equal(DroppedSideResult.Recorded, store.AddDroppedSide(Key(1), EdgeSide.Server));

        Assert.True(store.HasDroppedSide(Key(1), EdgeSide.Server));
        Assert.Equal(EdgeUpsertResult.DroppedSide, Upsert(store, Key(1), EdgeSide.Client, "a"));
        Assert.Equal(EdgeUpsertResult.Created, Upsert(store, Key(1), EdgeSide.Server, "b"));
    }

    [Fact]
    public void A_dropped_side_deletes_a_pending_edge_of_the_other_side()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time);
        Upsert(store, Key(1), EdgeSide.Server, "b");

        Assert.Equal(DroppedSideResult.CounterpartDeleted, store.AddDroppedSide(Key(1), EdgeSide.Client));
        Assert.Equal(0, store.Count);
        Assert.Equal(DroppedSideResult.Recorded, store.AddDroppedSide(Key(1), EdgeSide.Client));
    }

    [Fact]
    public void The_dropped_side_cache_is_capped_and_refreshing_does_not_overflow()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 2, _time);
        store.AddDroppedSide(Key(1), EdgeSide.Client);
        store.AddDroppedSide(Key(2), EdgeSide.Client);

        Assert.Equal(DroppedSideResult.Recorded, store.AddDroppedSide(Key(1), EdgeSide.Client));
        Assert.Equal(DroppedSideResult.Overflow, store.AddDroppedSide(Key(3), EdgeSide.Client));
        Assert.False(store.HasDroppedSide(Key(3), EdgeSide.Client));
    }

    [Fact]
    public void Dropped_sides_expire_after_wait_and_a_refresh_extends_them()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time);
        store.AddDroppedSide(Key(1), EdgeSide.Client);
        store.AddDroppedSide(Key(2), EdgeSide.Client);
        _time.Advance(TimeSpan.FromSeconds(5));
        store.AddDroppedSide(Key(2), EdgeSide.Client);

        _time.Advance(TimeSpan.FromSeconds(5));
        store.Expire(_recorder);

        Assert.False(store.HasDroppedSide(Key(1), EdgeSide.Client));
        Assert.True(store.HasDroppedSide(Key(2), EdgeSide.Client));
        Assert.Equal(1, store.DroppedSideCount);
    }

    [Fact]
    public void Recycled_edges_start_clean()
    {
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time);
        Upsert(store, Key(1), EdgeSide.Client, "a", failed: true);
        Upsert(store, Key(1), EdgeSide.Server, "b");
        Upsert(store, Key(2), EdgeSide.Server, "c");
        Upsert(store, Key(2), EdgeSide.Client, "d");

        Assert.Equal([true, false], _recorder.Failed);
    }

    [Fact]
    public void A_new_store_pairs_with_the_edges_a_released_store_gave_back()
    {
        var pool = new EdgePool();
        var released = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time, pool);
        Upsert(released, Key(1), EdgeSide.Client, "a", failed: true);
        Upsert(released, Key(2), EdgeSide.Client, "b");
        Assert.True(released.TryGet(Key(1), out var pending));

        released.ReleaseTo(pool);

        Assert.Equal(0, released.Count);
        Assert.Equal(2, pool.Count);
        Assert.Equal(1, pool.Maps);
        var next = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time, pool);
        Assert.Equal(0, pool.Maps);
        Assert.Equal(0, next.Count);
        Assert.Equal(EdgeUpsertResult.Created, Upsert(next, Key(1), EdgeSide.Server, "x"));
        Assert.Equal(EdgeUpsertResult.Created, Upsert(next, Key(3), EdgeSide.Server, "y"));
        Assert.True(next.TryGet(Key(1), out var first));
        Assert.True(next.TryGet(Key(3), out var second));
        Assert.Contains(pending, new[] { first, second });
        Assert.Equal(0, pool.Count);

        // The reused edges start clean: the released store's client sides and failure are gone.
        Assert.Equal(EdgeUpsertResult.Completed, Upsert(next, Key(1), EdgeSide.Client, "c"));
        Assert.Equal(["c->x"], _recorder.Completed);
        Assert.Equal([false], _recorder.Failed);
        Expire(next, TimeSpan.FromSeconds(11));
        Assert.Equal([string.Empty], _recorder.Expired);
    }

    [Fact]
    public void A_pool_keeps_no_more_edges_and_map_room_than_its_capacity()
    {
        var pool = new EdgePool(capacity: 2);
        var store = new InMemoryEdgeStore(TimeSpan.FromSeconds(10), 10, _time, pool);
        for (var i = 1UL; i <= 5; i++)
        {
            Upsert(store, Key(i), EdgeSide.Client, "a");
        }

        store.ReleaseTo(pool);

        Assert.Equal(2, pool.Count);
        Assert.Equal(0, store.Count);

        // Its map has room for more entries than the pool's capacity: left to the collector.
        Assert.Equal(0, pool.Maps);
    }

    private void Expire(InMemoryEdgeStore store, TimeSpan after)
    {
        _time.Advance(after);
        store.Expire(_recorder);
    }

    private static EdgeKey Key(ulong span) => new(new TraceId(1, 2), new SpanId(span));

    private EdgeUpsertResult Upsert(InMemoryEdgeStore store, EdgeKey key, EdgeSide side, string service, string server = "", bool failed = false)
    {
        var update = new Update(_recorder, side, service, server, failed);
        return store.Upsert(key, side, update);
    }

    private sealed class Update(Recorder recorder, EdgeSide side, string service, string server, bool failed) : IEdgeUpdate
    {
        public void Apply(Edge edge)
        {
            edge.Failed |= failed;
            if (side == EdgeSide.Client)
            {
                edge.ClientService = service;
                if (server.Length != 0)
                {
                    edge.ServerService = server;
                }
            }
            else
            {
                edge.ServerService = service;
            }
        }

        public void Complete(Edge edge)
        {
            recorder.Completed.Add(edge.ClientService + "->" + edge.ServerService);
            recorder.Failed.Add(edge.Failed);
        }
    }

    private sealed class Recorder : IEdgeExpiryHandler
    {
        public List<string> Completed { get; } = [];

        public List<bool> Failed { get; } = [];

        public List<string> Expired { get; } = [];

        public void OnExpire(Edge edge) => Expired.Add(edge.ClientService);
    }
}
