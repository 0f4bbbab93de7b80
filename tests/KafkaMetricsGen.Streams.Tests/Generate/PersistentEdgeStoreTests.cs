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
        Assert.Equal(2, _disk.Count);
    }

    private PersistentEdgeStore Store(string tenant) => new(tenant, new InMemoryEdgeStore(Wait, 100, _time), _disk);

    private static EdgeKey Key(ulong span) => new(new TraceId(1, 2), new SpanId(span));

    private EdgeUpsertResult Upsert(PersistentEdgeStore store, EdgeKey key, EdgeSide side, string service, string server = "", bool failed = false)
    {
        var update = new Update(_completed, side, service, server, failed);
        return store.Upsert(key, side, ref update);
    }

    private readonly struct Update(List<string> completed, EdgeSide side, string service, string server, bool failed) : IEdgeUpdate
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
