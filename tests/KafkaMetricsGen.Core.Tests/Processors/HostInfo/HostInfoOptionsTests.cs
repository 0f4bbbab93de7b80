using KafkaMetricsGen.Core.Processors.HostInfo;

namespace KafkaMetricsGen.Core.Tests.Processors.HostInfo;

public class HostInfoOptionsTests
{
    [Fact]
    public void Defaults_are_tempo_defaults()
    {
        var options = new HostInfoOptions();
        Assert.Equal(["k8s.node.name", "host.id"], options.HostIdentifiers);
        Assert.Equal("traces_host_info", options.MetricName);
        options.Validate();
    }

    [Fact]
    public void Refuses_an_empty_identifier_list_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => new HostInfoOptions { HostIdentifiers = [] }.Validate());
        Assert.StartsWith("metrics_generator.processor.host_info.host_identifiers: at least one value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_empty_metric_name_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => new HostInfoOptions { MetricName = string.Empty }.Validate());
        Assert.StartsWith("metrics_generator.processor.host_info.metric_name:", error.Message, StringComparison.Ordinal);
    }
}
