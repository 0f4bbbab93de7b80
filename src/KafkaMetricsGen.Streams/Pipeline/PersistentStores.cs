using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.Enumerator;
using Streamiz.Kafka.Net.State.Supplier;

namespace KafkaMetricsGen.Streams.Pipeline;

/// <summary>
/// The persistent (RocksDB) stores one topology's tasks opened. A stream thread that dies while its tasks run (a
/// delivery that failed, a producer that was fenced) leaves its stores open: Streamiz aborts closing the task at the
/// first error, before the stores. RocksDB keeps a store's lock for as long as its handle is open in the process, so a
/// stream created anew in the same process cannot open the same store until <see cref="CloseOpen"/> releases it.
/// <para>
/// Every close of a store goes through <see cref="NativeGate"/>. Streamiz's RocksDB gauges (memtable sizes, estimated
/// keys) read the database's native properties when their value is asked for, and the metrics reporter asks on a pool
/// thread while the stream thread may close the store (a revoked or lost task, a stopping stream) or the worker closes
/// what a failed stream left open: a property read of a database being closed crashes the process in librocksdb. A
/// reader that holds the gate sees each store open or closed, never in between; once closed, its gauges read nothing.
/// </para>
/// </summary>
public sealed class PersistentStores
{
    /// <summary>Held while a store closes and while anything off the stream thread reads a store's native gauges.</summary>
    public static Lock NativeGate { get; } = new();

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
            var store = new GatedStore(inner.Get());
            owner.Add(store);
            return store;
        }
    }

    /// <summary>The store as Streamiz made it, closed under <see cref="NativeGate"/>.</summary>
    private sealed class GatedStore(IKeyValueStore<Bytes, byte[]> inner) : IKeyValueStore<Bytes, byte[]>
    {
        public string Name => inner.Name;

        public bool Persistent => inner.Persistent;

        public bool IsLocally => inner.IsLocally;

        public bool IsOpen => inner.IsOpen;

        public void Init(ProcessorContext context, IStateStore root) => inner.Init(context, root);

        public void Flush() => inner.Flush();

        public void Close()
        {
            lock (NativeGate)
            {
                inner.Close();
            }
        }

        public byte[] Get(Bytes key) => inner.Get(key);

        public IKeyValueEnumerator<Bytes, byte[]> Range(Bytes from, Bytes to) => inner.Range(from, to);

        public IKeyValueEnumerator<Bytes, byte[]> ReverseRange(Bytes from, Bytes to) => inner.ReverseRange(from, to);

        public IEnumerable<KeyValuePair<Bytes, byte[]>> All() => inner.All();

        public IEnumerable<KeyValuePair<Bytes, byte[]>> ReverseAll() => inner.ReverseAll();

        public long ApproximateNumEntries() => inner.ApproximateNumEntries();

        public void Put(Bytes key, byte[] value) => inner.Put(key, value);

        public byte[] PutIfAbsent(Bytes key, byte[] value) => inner.PutIfAbsent(key, value);

        public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]>> entries) => inner.PutAll(entries);

        public byte[] Delete(Bytes key) => inner.Delete(key);
    }
}
