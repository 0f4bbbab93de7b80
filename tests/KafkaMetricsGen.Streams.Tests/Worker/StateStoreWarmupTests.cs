using System.Diagnostics;

namespace KafkaMetricsGen.Streams.Worker;

public sealed class StateStoreWarmupTests
{
    [Fact]
    public async Task Loads_the_native_library_the_first_store_open_needs()
    {
        await StateStoreWarmup.Start();

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Assert.Contains(process.Modules.Cast<ProcessModule>(), m => m.ModuleName.Contains("rocksdb", StringComparison.OrdinalIgnoreCase));
    }
}
