using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.Shared;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

public sealed class ServiceGraphsOptionsTests
{
    [Fact]
    public void Defaults_are_Tempos()
    {
        var options = new ServiceGraphsOptions();

        Assert.Equal(TimeSpan.FromSeconds(10), options.Wait);
        Assert.Equal(10_000, options.MaxItems);
        Assert.Equal([0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8], options.HistogramBuckets);
        Assert.Empty(options.Dimensions);
        Assert.False(options.EnableClientServerPrefix);
        Assert.False(options.EnableMessagingSystemLatencyHistogram);
        Assert.Equal(["peer.service", "db.name", "db.system", "db.system.name"], options.PeerAttributes);
        Assert.Equal(string.Empty, options.SpanMultiplierKey);
        Assert.False(options.EnableTracestateSpanMultiplier);
        Assert.False(options.EnableVirtualNodeLabel);
        Assert.Equal(["db.namespace", "db.name", "db.system", "db.system.name"], options.DatabaseNameAttributes);
        Assert.Empty(options.FilterPolicies);
        Assert.Equal(TimeSpan.FromSeconds(2), ServiceGraphsDefaults.ExpireInterval);
        options.Validate();
    }

    [Theory]
    [InlineData("wait", "metrics_generator.processor.service_graphs.wait: must be greater than 0")]
    [InlineData("max_items", "metrics_generator.processor.service_graphs.max_items: must be greater than 0")]
    [InlineData("histogram_buckets", "metrics_generator.processor.service_graphs.histogram_buckets: must be ascending")]
    [InlineData("dimensions", "metrics_generator.processor.service_graphs.dimensions[1]: must not be empty")]
    [InlineData("filter_policies", "metrics_generator.processor.service_graphs.filter_policies[0]")]
    public void Validation_names_the_key(string key, string message)
    {
        var options = new ServiceGraphsOptions();
        switch (key)
        {
            case "wait":
                options.Wait = TimeSpan.Zero;
                break;
            case "max_items":
                options.MaxItems = 0;
                break;
            case "histogram_buckets":
                options.HistogramBuckets = [0.2, 0.1];
                break;
            case "dimensions":
                options.Dimensions = ["a", ""];
                break;
            default:
                options.FilterPolicies = [new FilterPolicyOptions()];
                break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
