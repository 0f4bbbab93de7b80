using KafkaMetricsGen.Core.Tenancy;

namespace KafkaMetricsGen.Core.Tests.Tenancy;

public class ProcessorSelectionTests
{
    [Fact]
    public void Bare_span_metrics_enables_every_kind_and_ignores_sub_names()
    {
        var s = ProcessorSelection.Parse(["span-metrics", "span-metrics-size"]);
        Assert.True(s.SpanMetricsCount && s.SpanMetricsLatency && s.SpanMetricsSize);
        Assert.False(s.SpanMetricsLatencyResetsBuckets);
        Assert.False(s.ServiceGraphs);
    }

    [Fact]
    public void Sub_names_alone_enable_only_those_kinds()
    {
        var s = ProcessorSelection.Parse(["span-metrics-count", "span-metrics-latency"]);
        Assert.True(s.SpanMetricsCount);
        Assert.True(s.SpanMetricsLatency);
        Assert.False(s.SpanMetricsSize);
        Assert.True(s.SpanMetricsLatencyResetsBuckets);
    }

    [Fact]
    public void Bare_service_graphs_enables_request_and_latency_but_not_connection_info()
    {
        var s = ProcessorSelection.Parse(["service-graphs"]);
        Assert.True(s.ServiceGraphsRequest && s.ServiceGraphsLatency);
        Assert.False(s.ServiceGraphsConnectionInfo);
    }

    [Fact]
    public void Connection_info_is_additive_next_to_the_bare_name()
    {
        var s = ProcessorSelection.Parse(["service-graphs", "service-graphs-connection-info"]);
        Assert.True(s.ServiceGraphsRequest && s.ServiceGraphsLatency && s.ServiceGraphsConnectionInfo);
    }

    [Fact]
    public void Service_graph_sub_name_alone_enables_only_it()
    {
        var s = ProcessorSelection.Parse(["service-graphs-request"]);
        Assert.True(s.ServiceGraphsRequest);
        Assert.False(s.ServiceGraphsLatency);
    }

    [Fact]
    public void No_list_enables_nothing()
    {
        Assert.False(ProcessorSelection.Parse(null).Any);
        Assert.False(ProcessorSelection.Parse([]).Any);
    }

    [Fact]
    public void Host_info_is_its_own_processor()
    {
        var s = ProcessorSelection.Parse(["host-info"]);
        Assert.True(s.HostInfo);
        Assert.True(s.Any);
        Assert.False(s.SpanMetrics);
        Assert.False(s.ServiceGraphs);
        Assert.False(ProcessorSelection.Parse(["span-metrics"]).HostInfo);
    }
}
