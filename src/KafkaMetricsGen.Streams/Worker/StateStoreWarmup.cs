namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// Loads RocksDB's native library on a thread of its own while the worker provisions its topics and joins its group.
/// Every topology keeps a persistent store (the aggregate stage's series store), and Streamiz opens the stores of the
/// assigned tasks on the stream thread as the partitions arrive; the first open loads the library (about 1.5 s on a
/// busy two-core machine, most of a cold start), so loading it beforehand takes that wait off the path to the first
/// span. Not a pool thread: Streamiz's start blocks pool threads on work that needs other pool threads, and a pool
/// thread held by the load made it wait for the pool to grow (about a second). Loading twice is harmless: the runtime
/// runs the binding's type initializer once and makes later callers wait for it.
/// </summary>
public static class StateStoreWarmup
{
    /// <summary>Starts loading the library; the task faults when it cannot be loaded (the first store open would fail too).</summary>
    public static Task Start()
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                _ = RocksDbSharp.Native.Instance;
                loaded.SetResult();
            }
            catch (Exception e)
            {
                loaded.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "rocksdb-warmup",
        };
        thread.Start();
        return loaded.Task;
    }
}
