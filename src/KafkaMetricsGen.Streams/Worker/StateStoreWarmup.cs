using RocksDbSharp;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// Readies RocksDB on a thread of its own while the worker provisions its topics and joins its group. Every topology
/// keeps a persistent store (the aggregate stage's series store), and Streamiz opens the stores of the assigned tasks on
/// the stream thread as the partitions arrive. The first open loads the native library (about 1.5 s on a busy two-core
/// machine, most of a cold start), and the first calls into the binding compile it and bind its native entry points
/// (about 40 ms of a cold start on a quiet one). So this loads the library, then opens a scratch store the way Streamiz
/// opens its own (block cache, bloom filter, column families), writes and reads a key, and deletes it again; the stores
/// of the tasks then open at the cost of the open alone. Not a pool thread: Streamiz's start blocks pool threads on work
/// that needs other pool threads, and a pool thread held by the load made it wait for the pool to grow (about a second).
/// Loading twice is harmless: the runtime runs the binding's type initializer once and makes later callers wait for it.
/// </summary>
public static class StateStoreWarmup
{
    /// <summary>Directory of the scratch store under the state directory; deleted once it has been used.</summary>
    public const string ScratchDirectory = ".store-warmup";

    /// <summary>
    /// Starts readying RocksDB; the task faults when the library cannot be loaded (the first store open would fail too).
    /// With <paramref name="stateDir"/> a scratch store is opened under it; a failure there (a full disk) is left to the
    /// first store open, which reports it as such.
    /// </summary>
    public static Task Start(string? stateDir = null)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                _ = Native.Instance;
            }
            catch (Exception e)
            {
                ready.SetException(e);
                return;
            }

            if (stateDir is not null)
            {
                OpenScratchStore(Path.Combine(stateDir, ScratchDirectory + "-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]));
            }

            ready.SetResult();
        })
        {
            IsBackground = true,
            Name = "rocksdb-warmup",
        };
        thread.Start();
        return ready.Task;
    }

    private static void OpenScratchStore(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var table = new BlockBasedTableOptions()
                .SetBlockCache(Cache.CreateLru(1024 * 1024))
                .SetFilterPolicy(BloomFilterPolicy.Create());
            var options = new DbOptions()
                .SetCreateIfMissing(true)
                .SetCreateMissingColumnFamilies(true)
                .SetBlockBasedTableFactory(table);
            var families = new ColumnFamilies(new ColumnFamilyOptions().SetBlockBasedTableFactory(table));
            using (var db = RocksDb.Open(options, directory, families))
            {
                var key = "warmup"u8.ToArray();
                db.Put(key, key, db.GetDefaultColumnFamily(), new WriteOptions().DisableWal(1));
                _ = db.Get(key, db.GetDefaultColumnFamily());
            }
        }
        catch (RocksDbException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
