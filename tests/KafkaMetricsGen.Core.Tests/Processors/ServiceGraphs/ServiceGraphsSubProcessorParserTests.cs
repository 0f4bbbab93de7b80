using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using S = KafkaMetricsGen.Core.Processors.ServiceGraphs.ServiceGraphsSubProcessors;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

public sealed class ServiceGraphsSubProcessorParserTests
{
    [Theory]
    [InlineData(new[] { "service-graphs" }, S.Request | S.Latency)]
    [InlineData(new[] { "service-graphs", "service-graphs-request" }, S.Request | S.Latency)]
    [InlineData(new[] { "service-graphs", "service-graphs-connection-info" }, S.Request | S.Latency | S.ConnectionInfo)]
    [InlineData(new[] { "service-graphs-latency" }, S.Latency)]
    [InlineData(new[] { "service-graphs-request", "service-graphs-connection-info" }, S.Request | S.ConnectionInfo)]
    [InlineData(new[] { "span-metrics", "local-blocks" }, S.None)]
    [InlineData(new string[0], S.None)]
    public void The_processors_list_enables_families(string[] processors, S expected) =>
        Assert.Equal(expected, ServiceGraphsSubProcessorParser.Parse(processors));
}
