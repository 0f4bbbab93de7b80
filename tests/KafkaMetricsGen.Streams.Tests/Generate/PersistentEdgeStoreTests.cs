using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Generate;

public sealed class PersistentEdgeStoreTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly MemoryEdgeStateStore _disk = new();
    private readonly List<string> _completed = [];
    private readonly Expired _expired = new();

    [Fact]
    public void A_pending_edge_is_written_on_flush_and_completes_after_a_restart()
    {
        var before = Store("t1");
        Upsert(before, Key(1), EdgeSide.Client, "frontend");
        Assert.Equal(0, _disk.Count);

        before.Flush();
        Assert.Equal(1, _disk.Count);

        var after = Store("t1");
        Assert.Equal(1, after.Restore());
        Assert.Equal(EdgeUpsertResult.Completed, Upsert(after, Key(1), EdgeSide.Server, "checkout"));
        Assert.Equal(["frontend->checkout"], _completed);

        after.Flush();
        Assert.Equal(0, _disk.Count);
    }

    [Fact]
    public void An_edge_created_and_completed_between_flushes_writes_nothing()
    {
        var store = Store("t1");
        Upsert(store, Key(1), EdgeSide.Client, "a");
        Upsert(store, Key(1), EdgeSide.Server, "b");
        Upsert(store, Key(2), EdgeSide.Client, "a", server: "db");

        store.Flush();

        Assert.Equal(0, _disk.Puts);
        Assert.Equal(0, _disk.Deletes);
        Assert.Equal(0, store.PendingWrites);
        Assert.False(store.HasPendingWrites);
    }

    [Fact]
    public void A_stored_key_completed_and_opened_again_between_flushes_is_stored_once_as_the_new_edge()
    {
        var store = Store("t1");
        Upsert(store, Key(1), EdgeSide.Client, "a");
        Upsert(store, Key(2), EdgeSide.Client, "a");
        store.Flush();
        Upsert(store, Key(1), EdgeSide.Server, "b");
        Upsert(store, Key(1), EdgeSide.Client, "c");
        Assert.Equal(2, store.PendingWrites);
        Assert.True(store.HasPendingWrites);

        store.Flush();

        Assert.Equal(0, store.PendingWrites);
        Assert.False(store.HasPendingWrites);
        Assert.Equal(2, StoredEdges());
        var restored = Store("t1");
        Assert.Equal(2, restored.Restore());
        Upsert(restored, Key(1), EdgeSide.Server, "d");
        Upsert(restored, Key(2), EdgeSide.Server, "d");
        Assert.Equal(["a->b", "c->d", "a->d"], _completed);
    }

    [Fact]
    public void Edges_opened_since_the_last_flush_are_written_by_the_next_and_only_once()
    {
        var store = Store("t1");
        Upsert(store, Key(1), EdgeSide.Client, "a");
        store.Flush();
        Upsert(store, Key(2), EdgeSide.Client, "a");
        Upsert(store, Key(3), EdgeSide.Client, "a");
        Upsert(store, Key(2), EdgeSide.Client, "a", failed: true);
        Assert.Equal(2, store.PendingWrites);
        Assert.True(store.HasPendingWrites);

        store.Flush();
        var puts = _disk.Puts;
        store.Flush();

        Assert.Equal(puts, _disk.Puts);
        Assert.Equal(3, StoredEdges());
        var restored = Store("t1");
        Assert.Equal(3, restored.Restore());
        Upsert(restored, Key(2), EdgeSide.Server, "b");
        Assert.Equal(["a->b failed"], _completed);
    }

    [Fact]
    public void An_updated_edge_is_rewritten_with_its_new_fields()
    {
        var store = Store("t1");
        Upsert(store, Key(1), EdgeSide.Client, "a");
        store.Flush();
        Upsert(store, Key(1), EdgeSide.Client, "a", failed: true);
        store.Flush();

        var restored = Store("t1");
        restored.Restore();
        Upsert(restored, Key(1), EdgeSide.Server, "b");
        Assert.Equal(["a->b failed"], _completed);
    }

    [Fact]
    public void Expired_edges_are_deleted_and_restored_ones_keep_their_expiration()
    {
        var store = Store("t1");
        Upsert(store, Key(1), EdgeSide.Client, "old");
        _time.Advance(TimeSpan.FromSeconds(5));
        Upsert(store, Key(2), EdgeSide.Client, "young");
        store.Flush();

        var restored = Store("t1");
        Assert.Equal(2, restored.Restore());
        _time.Advance(TimeSpan.FromSeconds(6));
        restored.Expire(_expired);
        Assert.Equal(["old"], _expired.Clients);

        restored.Flush();
        Assert.Equal(1, _disk.Count);
        _time.Advance(TimeSpan.FromSeconds(5));
        restored.Expire(_expired);
        restored.Flush();
        Assert.Equal(["old", "young"], _expired.Clients);
        Assert.Equal(0, _disk.Count);
    }

    [Fact]
    public void Tenants_keep_their_own_edges()
    {
        var one = Store("one");
        var two = Store("two");
        Upsert(one, Key(1), EdgeSide.Client, "a");
        Upsert(two, Key(1), EdgeSide.Client, "b");
        Upsert(two, Key(2), EdgeSide.Client, "c");
        one.Flush();
        two.Flush();

        Assert.Equal(["one", "two"], PersistentEdgeStore.Tenants(_disk).Order(StringComparer.Ordinal));
        Assert.Equal(1, Store("one").Restore());
        Assert.Equal(2, Store("two").Restore());
    }

    [Fact]
    public void A_server_side_dropped_by_the_filter_deletes_the_stored_client_side()
    {
        var store = Store("t1");
        Upsert(store, Key(1), EdgeSide.Client, "a");
        store.Flush();

        var result = store.AddDroppedSide(Key(1), EdgeSide.Server);
        store.Flush();

        Assert.True((result & DroppedSideResult.CounterpartDeleted) != 0);
        Assert.Equal(0, _disk.Count);
    }

    [Fact]
    public void Unreadable_entries_are_deleted_on_restore()
    {
        var prefix = EdgeStateKeys.Prefix("t1");
        _disk.Put(EdgeStateKeys.Key(prefix, Key(9)), [0xFF, 0x00]);

        Assert.Equal(0, Store("t1").Restore());
        Assert.Equal(0, _disk.Count);
    }

    [Fact]
    public void Restore_stops_at_max_items_and_drops_the_rest()
    {
        var store = Store("t1");
        for (var i = 1UL; i <= 3; i++)
        {
            Upsert(store, Key(i), EdgeSide.Client, "a");
        }

        store.Flush();
        var smaller = new PersistentEdgeStore("t1", new InMemoryEdgeStore(Wait, 2, _time), _disk);

        Assert.Equal(2, smaller.Restore());
        Assert.Equal(1, smaller.PendingWrites);
        Assert.True(smaller.HasPendingWrites);
        smaller.Flush();
        Assert.Equal(2, StoredEdges());
    }

    [Fact]
    public void Edges_written_by_one_flush_share_one_entry()
    {
        var store = Store("t1");
        for (var i = 1UL; i <= 50; i++)
        {
            Upsert(store, Key(i), EdgeSide.Client, "a");
        }

        store.Flush();

        Assert.Equal(1, _disk.Puts);
        Assert.Equal(1, _disk.Count);
        Assert.Equal(50, Store("t1").Restore());
    }

    [Fact]
    public void A_flush_starts_a_new_segment_past_the_size_bound()
    {
        var store = new PersistentEdgeStore("t1", new InMemoryEdgeStore(Wait, 10_000, _time), _disk);
        var service = new string('s', 1000);
        for (var i = 1UL; i <= 200; i++)
        {
            Upsert(store, Key(i), EdgeSide.Client, service);
        }

        store.Flush();

        Assert.InRange(_disk.Count, 3, 4);
        Assert.All(_disk.All(), e => Assert.InRange(e.Value.Length, 1, PersistentEdgeStore.MaxSegmentBytes + 1100));
        Assert.Equal(200, new PersistentEdgeStore("t1", new InMemoryEdgeStore(Wait, 10_000, _time), _disk).Restore());
    }

    [Fact]
    public void A_completed_edge_leaves_its_segment_and_the_others_are_written_again()
    {
        var store = Store("t1");
        Upsert(store, Key(1), EdgeSide.Client, "a");
        Upsert(store, Key(2), EdgeSide.Client, "b");
        Upsert(store, Key(3), EdgeSide.Client, "c");
        store.Flush();

        Upsert(store, Key(2), EdgeSide.Server, "x");
        store.Flush();

        Assert.Equal(1, _disk.Count);
        Assert.Equal(2, StoredEdges());
        var restored = Store("t1");
        Assert.Equal(2, restored.Restore());
        Assert.Equal(EdgeUpsertResult.Created, Upsert(restored, Key(2), EdgeSide.Server, "x"));
        Assert.Equal(EdgeUpsertResult.Completed, Upsert(restored, Key(3), EdgeSide.Server, "y"));
        Assert.Equal(["b->x", "c->y"], _completed);
    }

    [Fact]
    public void Segments_written_after_a_restart_do_not_replace_restored_ones()
    {
        var first = Store("t1");
        Upsert(first, Key(1), EdgeSide.Client, "a");
        first.Flush();
        Upsert(first, Key(2), EdgeSide.Client, "b");
        first.Flush();

        var second = Store("t1");
        Assert.Equal(2, second.Restore());
        Upsert(second, Key(3), EdgeSide.Client, "c");
        second.Flush();

        Assert.Equal(3, _disk.Count);
        Assert.Equal(3, Store("t1").Restore());
    }

    [Fact]
    public void An_edge_an_older_release_stored_alone_is_restored_and_moved_into_a_segment_when_it_changes()
    {
        var prefix = EdgeStateKeys.Prefix("t1");
        var edge = new Edge { Key = Key(7), ClientService = "a", ExpirationUnixSeconds = _time.GetUtcNow().ToUnixTimeSeconds() + 10 };
        _disk.Put(EdgeStateKeys.Key(prefix, Key(7)), EdgeCodec.ToArray(edge));

        var store = Store("t1");
        Assert.Equal(1, store.Restore());
        Assert.Equal(["t1"], PersistentEdgeStore.Tenants(_disk));
        Upsert(store, Key(7), EdgeSide.Client, "a", failed: true);
        store.Flush();

        Assert.Equal(1, _disk.Count);
        Assert.True(EdgeStateKeys.IsSegment(_disk.All().Single().Key, prefix, out _));
        var restored = Store("t1");
        Assert.Equal(1, restored.Restore());
        Upsert(restored, Key(7), EdgeSide.Server, "b");
        Assert.Equal(["a->b failed"], _completed);
    }

    [Fact]
    public void An_unreadable_segment_is_deleted_on_restore()
    {
        var prefix = EdgeStateKeys.Prefix("t1");
        _disk.Put(EdgeStateKeys.Segment(prefix, 4), [EdgeSegmentCodec.Version, 9, 0, 0, 0, 1]);

        Assert.Equal(0, Store("t1").Restore());
        Assert.Equal(0, _disk.Count);
    }

    /// <summary>Edges held by the disk's entries, segments and one-edge entries alike.</summary>
    private int StoredEdges()
    {
        var edges = new List<Edge>();
        foreach (var (_, value) in _disk.All())
        {
            if (!EdgeSegmentCodec.TryRead(value, edges))
            {
                Assert.True(EdgeCodec.TryRead(value, out var single));
                edges.Add(single);
            }
        }

        return edges.Count;
    }

    [Fact]
    public void A_released_store_writes_nothing_more_and_what_its_last_flush_wrote_is_restored()
    {
        var before = Store("t1");
        Upsert(before, Key(1), EdgeSide.Client, "frontend");
        before.Flush();
        Upsert(before, Key(1), EdgeSide.Server, "checkout");
        Upsert(before, Key(2), EdgeSide.Client, "cart");
        var written = _disk.Count;

        before.Release();
        before.Flush();

        Assert.Equal(0, before.Count);
        Assert.Equal(written, _disk.Count);
        var after = Store("t1");
        Assert.Equal(1, after.Restore());
        Assert.Equal(EdgeUpsertResult.Completed, Upsert(after, Key(1), EdgeSide.Server, "payment"));
        Assert.Equal(["frontend->checkout", "frontend->payment"], _completed);
    }

    private PersistentEdgeStore Store(string tenant) => new(tenant, new InMemoryEdgeStore(Wait, 100, _time), _disk);

    private static EdgeKey Key(ulong span) => new(new TraceId(1, 2), new SpanId(span));

    private EdgeUpsertResult Upsert(PersistentEdgeStore store, EdgeKey key, EdgeSide side, string service, string server = "", bool failed = false)
    {
        var update = new Update(_completed, side, service, server, failed);
        return store.Upsert(key, side, update);
    }

    private sealed class Update(List<string> completed, EdgeSide side, string service, string server, bool failed) : IEdgeUpdate
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

        public void Complete(Edge edge) => completed.Add(edge.ClientService + "->" + edge.ServerService + (edge.Failed ? " failed" : string.Empty));
    }

    private sealed class Expired : IEdgeExpiryHandler
    {
        public List<string> Clients { get; } = [];

        public void OnExpire(Edge edge) => Clients.Add(edge.ClientService);
    }
}
