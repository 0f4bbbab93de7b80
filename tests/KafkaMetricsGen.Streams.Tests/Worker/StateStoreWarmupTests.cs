using System.Diagnostics;

namespace KafkaMetricsGen.Streams.Worker;

public sealed class StateStoreWarmupTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "warmup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Loads_the_native_library_the_first_store_open_needs()
    {
        await StateStoreWarmup.Start();

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Assert.Contains(process.Modules.Cast<ProcessModule>(), m => m.ModuleName.Contains("rocksdb", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Opens_a_scratch_store_under_the_state_directory_and_leaves_nothing_there()
    {
        Directory.CreateDirectory(_dir);
        var created = new List<string>();
        using var watcher = new FileSystemWatcher(_dir) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        watcher.Created += (_, e) =>
        {
            lock (created)
            {
                created.Add(e.Name ?? string.Empty);
            }
        };

        await StateStoreWarmup.Start(_dir);

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        await Task.Delay(200);
        lock (created)
        {
            Assert.Contains(created, name => name.StartsWith(StateStoreWarmup.ScratchDirectory, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_state_directory_it_cannot_write_is_left_to_the_first_store_open()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "not-a-directory");
        await File.WriteAllTextAsync(file, "x");

        await StateStoreWarmup.Start(file);

        Assert.True(File.Exists(file));
    }
}
