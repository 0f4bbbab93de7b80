using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.Supplier;

namespace KafkaMetricsGen.Streams.Pipeline;

/// <summary>
/// The persistent (RocksDB) stores one topology's tasks opened. A stream thread that dies while its tasks run (a
/// delivery that failed, a producer that was fenced) leaves its stores open: Streamiz aborts closing the task at the
/// first error, before the stores. RocksDB keeps a store's lock for as long as its handle is open in the process, so a
/// stream created anew in the same process cannot open the same store until <see cref="CloseOpen"/> releases it.
/// </summary>
public sealed class PersistentStores
{
    private readonly Lock _gate = new();
    private readonly List<IKeyValueStore<Bytes, byte[]>> _opened = [];

    /// <summary>A RocksDB key/value store supplier whose stores this instance can close.</summary>
    public IKeyValueBytesStoreSupplier RocksDb(string name) => new Supplier(Stores.PersistentKeyValueStore(name), this);

    /// <summary>True while any store of this topology is open.</summary>
    public bool AnyOpen
    {
        get
        {
            lock (_gate)
            {
                return _opened.Any(s => s.IsOpen);
            }
        }
    }

    /// <summary>
    /// Closes every store still open and forgets all of them; the number closed. Call it only once the stream's threads
    /// have ended: a store closed under a running task fails that task.
    /// </summary>
    public int CloseOpen()
    {
        IKeyValueStore<Bytes, byte[]>[] stores;
        lock (_gate)
        {
            stores = [.. _opened];
            _opened.Clear();
        }

        var closed = 0;
        foreach (var store in stores.Where(s => s.IsOpen))
        {
            store.Close();
            closed++;
        }

        return closed;
    }

    private void Add(IKeyValueStore<Bytes, byte[]> store)
    {
        lock (_gate)
        {
            _opened.Add(store);
        }
    }

    private sealed class Supplier(IKeyValueBytesStoreSupplier inner, PersistentStores owner) : IKeyValueBytesStoreSupplier
    {
        public string Name
        {
            get => inner.Name;
            set => inner.Name = value;
        }

        public string MetricsScope => inner.MetricsScope;

        public IKeyValueStore<Bytes, byte[]> Get()
        {
            var store = inner.Get();
            owner.Add(store);
            return store;
        }
    }
}
