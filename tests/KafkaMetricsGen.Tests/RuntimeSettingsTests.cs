using System.Text.Json;

namespace KafkaMetricsGen.Tests;

/// <summary>The runtime settings the executable is built with, read from the file <c>dotnet kafka-metrics-gen.dll</c> and the image start with.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void Set_up_code_is_not_recompiled_at_every_rebalance()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "kafka-metrics-gen.runtimeconfig.json")));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // The runtime's default is 30 calls, which every task's set-up passes at each rebalance.
        Assert.Equal(1000, properties.GetProperty("System.Runtime.TieredCompilation.CallCountThreshold").GetInt32());
    }
}
