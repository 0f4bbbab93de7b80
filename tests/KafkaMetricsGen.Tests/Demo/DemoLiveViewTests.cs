namespace KafkaMetricsGen.Demo;

public sealed class DemoLiveViewTests
{
    // Two windows 10 s apart: every number below is the change over those 10 s.
    private const long First = 10_000;
    private const long Second = 20_000;

    [Fact]
    public void Edges_carry_rate_error_ratio_and_server_latency_and_a_pure_client_counts_what_it_sent()
    {
        var history = new DemoSeriesHistory();
        var a = history.For("t");
        Counter(a, "traces_service_graph_request_total", 0, 100, ("client", "user"), ("server", "frontend"), ("connection_type", ""));
        Counter(a, "traces_service_graph_request_failed_total", 0, 10, ("client", "user"), ("server", "frontend"));
        Counter(a, "traces_service_graph_request_total", 50, 70, ("client", "frontend"), ("server", "queue"), ("connection_type", "messaging_system"));
        Counter(a, "traces_service_graph_request_server_seconds_sum", 0, 5, ("client", "user"), ("server", "frontend"));
        Counter(a, "traces_service_graph_request_server_seconds_count", 0, 100, ("client", "user"), ("server", "frontend"));
        Counter(a, "traces_service_graph_request_server_seconds_bucket", 0, 90, ("client", "user"), ("server", "frontend"), ("le", "0.1"));
        Counter(a, "traces_service_graph_request_server_seconds_bucket", 0, 100, ("client", "user"), ("server", "frontend"), ("le", "+Inf"));

        var graph = DemoLiveView.ServiceGraph(history.Series("t"));

        Assert.Equal(10, graph.WindowSeconds);
        var edge = graph.Edges.Single(e => e.Source == "user");
        Assert.Equal(("user->frontend", "frontend", 10.0, 0.1), (edge.Id, edge.Target, edge.RequestsPerSecond, edge.ErrorRatio!.Value));
        Assert.Equal(50, edge.MeanLatencyMs!.Value, 6);
        Assert.Equal(100, edge.P95LatencyMs!.Value, 6);
        var queue = graph.Edges.Single(e => e.Target == "queue");
        Assert.Equal(("frontend->queue:messaging_system", "messaging_system", 2.0), (queue.Id, queue.ConnectionType, queue.RequestsPerSecond));
        Assert.Null(queue.MeanLatencyMs);

        Assert.Equal(["frontend", "queue", "user"], graph.Nodes.Select(n => n.Id));
        var user = graph.Nodes.Single(n => n.Id == "user");
        Assert.Equal((DemoNode.Client, 10.0, 0.1), (user.Role, user.RequestsPerSecond, user.ErrorRatio!.Value));
        var frontend = graph.Nodes.Single(n => n.Id == "frontend");
        Assert.Equal((DemoNode.Server, 10.0), (frontend.Role, frontend.RequestsPerSecond));
    }

    [Fact]
    public void An_edge_whose_latency_sum_has_one_window_yet_has_no_mean_rather_than_zero()
    {
        var history = new DemoSeriesHistory();
        var a = history.For("t");
        Counter(a, "traces_service_graph_request_total", 0, 100, ("client", "user"), ("server", "frontend"), ("connection_type", "virtual_node"));
        Counter(a, "traces_service_graph_request_server_seconds_count", 0, 100, ("client", "user"), ("server", "frontend"));
        a.AppendSample(DemoSeriesHistoryTests.Labels("traces_service_graph_request_server_seconds_sum", ("client", "user"), ("server", "frontend")), Second, 5);

        var edge = Assert.Single(DemoLiveView.ServiceGraph(history.Series("t")).Edges);

        Assert.Equal("user->frontend:virtual_node", edge.Id);
        Assert.Null(edge.MeanLatencyMs);
    }

    [Fact]
    public void RED_rows_cover_server_and_consumer_operations_with_error_ratio_and_quantiles()
    {
        var history = new DemoSeriesHistory();
        var a = history.For("t");
        Counter(a, "traces_spanmetrics_calls_total", 0, 40, Op("payments", "POST /api/charge", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"));
        Counter(a, "traces_spanmetrics_calls_total", 0, 10, Op("payments", "POST /api/charge", "SPAN_KIND_SERVER", "STATUS_CODE_ERROR"));
        Counter(a, "traces_spanmetrics_calls_total", 0, 30, Op("fulfillment", "orders process", "SPAN_KIND_CONSUMER", "STATUS_CODE_UNSET"));
        Counter(a, "traces_spanmetrics_calls_total", 0, 99, Op("checkout", "charge", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET"));
        Counter(a, "traces_spanmetrics_latency_bucket", 0, 25, [.. Op("payments", "POST /api/charge", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"), ("le", "0.1")]);
        Counter(a, "traces_spanmetrics_latency_bucket", 0, 50, [.. Op("payments", "POST /api/charge", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"), ("le", "0.2")]);
        Counter(a, "traces_spanmetrics_latency_bucket", 0, 50, [.. Op("payments", "POST /api/charge", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET"), ("le", "+Inf")]);

        var red = DemoLiveView.Red(history.Series("t"));

        Assert.Equal(["fulfillment", "payments"], red.Rows.Select(r => r.Service));
        var charge = red.Rows.Single(r => r.Service == "payments");
        Assert.Equal(("POST /api/charge", "SPAN_KIND_SERVER", 5.0, 0.2), (charge.Operation, charge.Kind, charge.RequestsPerSecond, charge.ErrorRatio!.Value));
        Assert.Equal(100, charge.P50LatencyMs!.Value, 6);
        Assert.Equal(190, charge.P95LatencyMs!.Value, 6);
        var consumer = red.Rows.Single(r => r.Service == "fulfillment");
        Assert.Equal((3.0, 0.0), (consumer.RequestsPerSecond, consumer.ErrorRatio!.Value));
        Assert.Null(consumer.P50LatencyMs);
    }

    private static (string, string)[] Op(string service, string name, string kind, string status) =>
        [("service", service), ("span_name", name), ("span_kind", kind), ("status_code", status)];

    private static void Counter(Core.Registry.ISeriesAppender appender, string metric, double first, double second, params (string, string)[] labels)
    {
        appender.AppendSample(DemoSeriesHistoryTests.Labels(metric, labels), First, first);
        appender.AppendSample(DemoSeriesHistoryTests.Labels(metric, labels), Second, second);
    }
}
