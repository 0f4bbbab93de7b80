using System.Reflection;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.Metrics;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.Processors.Internal;
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
/// <para>
/// A store that Streamiz initializes while RocksDB is still being readied (a worker's first assignment, while the library
/// loads on a thread of its own: the task given as <c>nativeReady</c>) opens at its first use instead: Streamiz
/// initializes the stores of every assigned task before any task processes a record, so opening them there would hold
/// the first span back until the library is loaded (about 0.15 s of a cold start on a two-core machine). The store
/// registers with its task as it would when opened, so a restore from its changelog opens it on the first restored
/// record.
/// </para>
/// </summary>
public sealed class PersistentStores
{
    private readonly Task? _nativeReady;

    /// <param name="nativeReady">
    /// Completes once RocksDB is ready; a store initialized before that opens at its first use. Without it every store
    /// opens when initialized.
    /// </param>
    public PersistentStores(Task? nativeReady = null)
    {
        _nativeReady = nativeReady;
    }

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
            var store = new GatedStore(inner.Get(), owner._nativeReady);
            owner.Add(store);
            return store;
        }
    }

    /// <summary>
    /// The store as Streamiz made it, closed under <see cref="NativeGate"/>; opened at its first use when initialized
    /// before RocksDB was ready. Streamiz runs a task's stores on its stream thread only, so the open needs no locking.
    /// </summary>
    /// <remarks>
    /// Streamiz's store opens in its <c>Init</c>, which also registers it with the task; a registration cannot be made
    /// twice, so the deferred open calls the two steps <c>Init</c> makes before registering: the store's metrics
    /// recorder and its database. They are internal to Streamiz and reached by reflection, looked up once and checked
    /// then: a Streamiz upgrade that renames them fails the first deferred open (in the first second of a cold start,
    /// and in <c>PersistentStoresTests</c>), not silently.
    /// </remarks>
    private sealed class GatedStore(IKeyValueStore<Bytes, byte[]> inner, Task? nativeReady) : IKeyValueStore<Bytes, byte[]>
    {
        private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

        private static readonly FieldInfo Recorder =
            typeof(RocksDbKeyValueStore).GetField("MetricsRecorder", Internal)
            ?? throw new InvalidOperationException("Streamiz RocksDbKeyValueStore.MetricsRecorder not found; this Streamiz version is not supported");

        private static readonly MethodInfo RecorderInit =
            Recorder.FieldType.GetMethod("Init", Internal, [typeof(StreamMetricsRegistry), typeof(TaskId)])
            ?? throw new InvalidOperationException("Streamiz RocksDbMetricsRecorder.Init not found; this Streamiz version is not supported");

        private static readonly MethodInfo OpenDatabase =
            typeof(RocksDbKeyValueStore).GetMethod("OpenDatabase", Internal, [typeof(ProcessorContext)])
            ?? throw new InvalidOperationException("Streamiz RocksDbKeyValueStore.OpenDatabase not found; this Streamiz version is not supported");

        // The task's context while the open waits for the first use.
        private ProcessorContext? _pending;

        public string Name => inner.Name;

        public bool Persistent => inner.Persistent;

        public bool IsLocally => inner.IsLocally;

        /// <summary>Open, or initialized and waiting for its first use to open.</summary>
        public bool IsOpen => _pending is not null || inner.IsOpen;

        private IKeyValueStore<Bytes, byte[]> Opened
        {
            get
            {
                if (_pending is { } context)
                {
                    _pending = null;
                    RecorderInit.Invoke(Recorder.GetValue(inner), [context.Metrics, context.Id]);
                    OpenDatabase.Invoke(inner, [context]);
                }

                return inner;
            }
        }

        public void Init(ProcessorContext context, IStateStore root)
        {
            if (nativeReady is not { IsCompleted: false } || inner is not RocksDbKeyValueStore)
            {
                inner.Init(context, root);
                return;
            }

            // The task's directory exists as it would once the store opened: Streamiz writes the task's checkpoint there,
            // and creates it nowhere else.
            Directory.CreateDirectory(context.StateDir);
            _pending = context;
            context.Register(root, (key, value, _) => Opened.Put(key, value));
        }

        public void Flush()
        {
            if (_pending is null)
            {
                inner.Flush();
            }
        }

        public void Close()
        {
            if (_pending is not null)
            {
                _pending = null;
                return;
            }

            lock (NativeGate)
            {
                inner.Close();
            }
        }

        public byte[] Get(Bytes key) => Opened.Get(key);

        public IKeyValueEnumerator<Bytes, byte[]> Range(Bytes from, Bytes to) => Opened.Range(from, to);

        public IKeyValueEnumerator<Bytes, byte[]> ReverseRange(Bytes from, Bytes to) => Opened.ReverseRange(from, to);

        public IEnumerable<KeyValuePair<Bytes, byte[]>> All() => Opened.All();

        public IEnumerable<KeyValuePair<Bytes, byte[]>> ReverseAll() => Opened.ReverseAll();

        public long ApproximateNumEntries() => Opened.ApproximateNumEntries();

        public void Put(Bytes key, byte[] value) => Opened.Put(key, value);

        public byte[] PutIfAbsent(Bytes key, byte[] value) => Opened.PutIfAbsent(key, value);

        public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]>> entries) => Opened.PutAll(entries);

        public byte[] Delete(Bytes key) => Opened.Delete(key);
    }
}
