using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.Shared;
using static KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs.ServiceGraphsHarness;
using M = KafkaMetricsGen.Core.Processors.ServiceGraphs.ServiceGraphsMetricNames;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

public sealed class ServiceGraphsProcessorTests
{
    private const string QueueDatabase = "trace-with-queue-database.json";

    [Fact]
    public void Queue_database_trace_gives_Tempos_counts_and_latencies()
    {
        using var h = new ServiceGraphsHarness(o =>
        {
            o.HistogramBuckets = [0.04];
            o.Dimensions = ["beast", "god"];
            o.EnableMessagingSystemLatencyHistogram = true;
        });
        h.Push(QueueDatabase);

        var http = Edge("mythical-requester", "mythical-server", null, ("beast", "manticore"), ("god", "zeus"));
        Assert.Equal(1, h.Total(http));
        Assert.Null(h.Registry.Find(M.RequestFailedTotal, http));
        var client = h.Histogram(M.RequestClientSeconds, http)!;
        Assert.Equal([0.0], client.BucketCounts);
        Assert.Equal(1, client.Count);
        Assert.Equal(0.045834496, client.Sum, 12);
        var server = h.Histogram(M.RequestServerSeconds, http)!;
        Assert.Equal([1.0], server.BucketCounts);
        Assert.Equal(0.029986048, server.Sum, 12);

        var db = Edge("mythical-server", "postgres", "database");
        Assert.Equal(1, h.Total(db));
        Assert.Equal(0.023781376, h.Histogram(M.RequestClientSeconds, db)!.Sum, 12);
        Assert.Equal(0.023781376, h.Histogram(M.RequestServerSeconds, db)!.Sum, 12);
        Assert.Equal([1.0], h.Histogram(M.RequestServerSeconds, db)!.BucketCounts);

        var queue = Edge("mythical-requester", "mythical-recorder", "messaging_system");
        Assert.Equal(1, h.Total(queue));
        Assert.Equal(0.000068864, h.Histogram(M.RequestClientSeconds, queue)!.Sum, 12);
        Assert.Equal(0.000699392, h.Histogram(M.RequestServerSeconds, queue)!.Sum, 12);
        var messaging = h.Histogram(M.RequestMessagingSystemSeconds, queue)!;
        Assert.Equal(1, messaging.Count);
        Assert.Equal([1.0], messaging.BucketCounts);
        Assert.Equal(0.0098816, messaging.Sum);

        Assert.Equal(3, h.Registry.Series(M.RequestTotal).Count);
        Assert.Empty(h.Registry.Series(M.RequestFailedTotal));
    }

    [Theory]
    [InlineData("trace-with-queue-database.json", "postgres")]
    [InlineData("trace-with-queue-database2.json", "mythical-database")]
    [InlineData("trace-with-queue-database3.json", "mythical-database")]
    [InlineData("trace-with-queue-database4.json", "mythical-database:5432")]
    [InlineData("trace-with-queue-database5.json", "mythical-database")]
    [InlineData("trace-without-database-name.json", "mythical-database")]
    [InlineData("trace-with-db-namespace.json", "mydb")]
    [InlineData("trace-with-both-db-attributes.json", "priority-db")]
    [InlineData("trace-with-db-system-name.json", "postgresql")]
    [InlineData("trace-with-db-system-and-system-name.json", "mssql")]
    public void Database_node_is_named_by_the_first_present_attribute(string fixture, string node)
    {
        using var h = new ServiceGraphsHarness(o => o.HistogramBuckets = [0.04]);
        h.Push(fixture);

        var db = Edge("mythical-server", node, "database");
        Assert.Equal(1, h.Total(db));
        Assert.Equal(0, h.Failed(db));
        Assert.Equal(1, h.Histogram(M.RequestClientSeconds, db)!.Count);
        Assert.Equal([1.0], h.Histogram(M.RequestServerSeconds, db)!.BucketCounts);
        Assert.Single(h.Registry.Series(M.RequestTotal), s => s.Value.Label("connection_type") == "database");
    }

    [Fact]
    public void Prefix_mode_labels_each_side_with_its_own_dimension_values()
    {
        using var h = new ServiceGraphsHarness(o =>
        {
            o.Dimensions = ["beast", "god"];
            o.EnableClientServerPrefix = true;
        });
        h.Push(QueueDatabase);

        Assert.Equal(1, h.Total(Edge("mythical-requester", "mythical-server", null,
            ("client_beast", "manticore"), ("server_beast", "manticore"), ("client_god", "ares"), ("server_god", "zeus"))));
    }

    [Fact]
    public void Prefix_mode_with_virtual_node_label_sanitizes_names_and_leaves_the_database_server_side_empty()
    {
        using var h = new ServiceGraphsHarness(o =>
        {
            o.Dimensions = ["db.system", "messaging.system"];
            o.EnableClientServerPrefix = true;
            o.EnableVirtualNodeLabel = true;
        });
        h.Push(QueueDatabase);

        Assert.Equal(1, h.Total(Edge("mythical-requester", "mythical-recorder", "messaging_system",
            ("client_messaging_system", "rabbitmq"), ("server_messaging_system", "rabbitmq"))));
        Assert.Equal(1, h.Total(Edge("mythical-server", "postgres", "database", ("client_db_system", "postgresql"))));
    }

    [Fact]
    public void Database_name_attributes_choose_the_node_name()
    {
        using var h = new ServiceGraphsHarness(o => o.DatabaseNameAttributes = ["db.system"]);
        h.Push(QueueDatabase);

        Assert.Equal(1, h.Total(Edge("mythical-server", "postgresql", "database")));
    }

    [Fact]
    public void An_error_on_either_side_counts_the_request_as_failed()
    {
        using var h = new ServiceGraphsHarness();
        h.Push("trace-with-failed-requests.json");

        Assert.Equal(1, h.Total(Edge("mythical-requester", "mythical-server")));
        Assert.Equal(1, h.Failed(Edge("mythical-requester", "mythical-server")));
        Assert.Equal(1, h.Total(Edge("mythical-server", "postgres", "database")));
        Assert.Equal(1, h.Failed(Edge("mythical-server", "postgres", "database")));
    }

    [Theory]
    [InlineData(null, null, new[] { 1.0, 1.0, 1.0 })]
    [InlineData("include", "mythical-requester", new[] { 0.0, 0.0, 0.0 })]
    [InlineData("include", "mythical-server", new[] { 0.0, 1.0, 0.0 })]
    [InlineData("exclude", "mythical-requester", new[] { 0.0, 1.0, 0.0 })]
    public void Filter_policies_decide_which_spans_take_part(string? block, string? service, double[] expected)
    {
        using var h = new ServiceGraphsHarness(o =>
        {
            if (block is null)
            {
                return;
            }

            var match = new PolicyMatchOptions
            {
                MatchType = MatchTypes.Strict,
                Attributes = [new PolicyAttributeOptions { Key = "resource.service.name", Value = service! }],
            };
            o.FilterPolicies = [block == "include" ? new FilterPolicyOptions { Include = match } : new FilterPolicyOptions { Exclude = match }];
        });
        h.Push(QueueDatabase);

        double[] actual =
        [
            h.Total(Edge("mythical-requester", "mythical-server")),
            h.Total(Edge("mythical-server", "postgres", "database")),
            h.Total(Edge("mythical-requester", "mythical-recorder", "messaging_system")),
        ];
        Assert.Equal(expected, actual);
        Assert.Equal(block is null ? 0 : 1, Math.Sign(h.Filtered));
    }

    [Fact]
    public void A_full_store_drops_new_spans_and_counts_them()
    {
        using var h = new ServiceGraphsHarness(o => o.MaxItems = 1);
        h.Push(QueueDatabase);

        Assert.True(h.DroppedSpans > 0);
        Assert.InRange(h.Store.Count, 0, 1);
        Assert.Equal(1, h.Total(Edge("mythical-server", "postgres", "database")));
    }

    [Fact]
    public void Connection_info_is_one_per_edge_and_never_multiplied()
    {
        using var h = new ServiceGraphsHarness(
            o => o.SpanMultiplierKey = "sampler.param",
            ServiceGraphsSubProcessors.Default | ServiceGraphsSubProcessors.ConnectionInfo);
        h.Push(
            TestSpans.Resource("svc-a", TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Client, 1, 0, attributes: ("sampler.param", 0.5))),
            TestSpans.Resource("svc-b", TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server, 2, 1, attributes: ("sampler.param", 0.5))));

        Assert.Equal(2, h.Total(Edge("svc-a", "svc-b")));
        Assert.Equal(1, h.Registry.Value(M.ConnectionInfo, Edge("svc-a", "svc-b")));
        Assert.Equal(2, h.Histogram(M.RequestServerSeconds, Edge("svc-a", "svc-b"))!.Count);
    }

    [Fact]
    public void Connection_info_alone_writes_no_request_or_latency_series()
    {
        using var h = new ServiceGraphsHarness(subProcessors: ServiceGraphsSubProcessors.ConnectionInfo);
        h.Push(QueueDatabase);

        Assert.Equal(1, h.Registry.Value(M.ConnectionInfo, Edge("mythical-requester", "mythical-server")));
        Assert.Equal(1, h.Registry.Value(M.ConnectionInfo, Edge("mythical-server", "postgres", "database")));
        Assert.Equal(1, h.Registry.Value(M.ConnectionInfo, Edge("mythical-requester", "mythical-recorder", "messaging_system")));
        Assert.Equal([M.ConnectionInfo], h.Registry.MetricNames);
    }

    [Fact]
    public void Exemplars_carry_the_trace_id()
    {
        using var h = new ServiceGraphsHarness();
        h.Push(QueueDatabase);

        var series = h.Histogram(M.RequestServerSeconds, Edge("mythical-requester", "mythical-server"))!;
        Assert.Equal("4290b5877a9930de79bb428365398ecc", series.LastTraceId.ToHex());
    }

    [Fact]
    public void Observations_carry_the_later_end_time_of_the_pair()
    {
        using var h = new ServiceGraphsHarness();
        var k = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Client;
        h.Push(
            TestSpans.Resource("svc-b", TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server, 2, 1, startOffsetNs: 1_000, durationNs: 5_000)),
            TestSpans.Resource("svc-a", TestSpans.Span(k, 1, 0, durationNs: 3_000)),
            TestSpans.Resource("svc-a", TestSpans.Span(k, 3, 0, durationNs: 7_000, attributes: ("db.name", "orders"))));

        Assert.Equal(TestSpans.Start + 6_000, h.Registry.Find(M.RequestTotal, Edge("svc-a", "svc-b"))!.LastEventTimeUnixNano);
        Assert.Equal(TestSpans.Start + 7_000, h.Registry.Find(M.RequestTotal, Edge("svc-a", "orders", "database"))!.LastEventTimeUnixNano);
    }

    [Fact]
    public void The_multiplier_comes_from_the_side_that_arrived_last()
    {
        using var h = new ServiceGraphsHarness(o => o.SpanMultiplierKey = "sampler.param");
        var client = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Client;
        var server = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server;
        h.Push(TestSpans.Resource("svc-a", TestSpans.Span(client, 1, 0, attributes: ("sampler.param", 0.5))));
        h.Push(TestSpans.Resource("svc-b", TestSpans.Span(server, 2, 1, attributes: ("sampler.param", 0.25))));

        Assert.Equal(4, h.Total(Edge("svc-a", "svc-b")));
    }

    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, 2.0)]
    public void The_tracestate_threshold_of_the_last_side_extrapolates_the_edge(bool sampledSideLast, double expected)
    {
        using var h = new ServiceGraphsHarness(o => o.EnableTracestateSpanMultiplier = true);
        var sampled = TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Client, 1, 0);
        sampled.TraceState = "ot=th:8";
        var client = TestSpans.Resource("svc-a", sampled);
        var server = TestSpans.Resource("svc-b", TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server, 2, 1));
        h.Push(sampledSideLast ? server : client);
        h.Push(sampledSideLast ? client : server);

        Assert.Equal(expected, h.Total(Edge("svc-a", "svc-b")));
        Assert.Equal(expected, h.Histogram(M.RequestClientSeconds, Edge("svc-a", "svc-b"))!.Count);
    }

    [Fact]
    public void Messaging_latency_is_not_observed_when_the_consumer_started_before_the_producer_ended()
    {
        using var h = new ServiceGraphsHarness(o => o.EnableMessagingSystemLatencyHistogram = true);
        h.Push(
            TestSpans.Resource("producer", TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Producer, 1, 0, durationNs: 10_000)),
            TestSpans.Resource("consumer", TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Consumer, 2, 1, startOffsetNs: 10_000)));

        Assert.Equal(1, h.Total(Edge("producer", "consumer", "messaging_system")));
        Assert.Null(h.Histogram(M.RequestMessagingSystemSeconds, Edge("producer", "consumer", "messaging_system")));
    }

    [Fact]
    public void A_resource_without_service_name_takes_no_part()
    {
        using var h = new ServiceGraphsHarness();
        h.Push(
            TestSpans.Resource(null, TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Client, 1, 0)),
            TestSpans.Resource("svc-b", TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server, 2, 1)));

        Assert.Equal(1, h.EdgesCreated);
        Assert.Equal(1, h.Store.Count);
    }

    [Fact]
    public void Invalid_utf8_labels_are_counted_and_not_emitted()
    {
        using var h = new ServiceGraphsHarness();
        h.Push(InvalidServiceBatch(h.Tenant));

        Assert.Equal(1, h.InvalidUtf8);
        Assert.Empty(h.Registry.Observations);
    }

    [Fact]
    public void Internal_spans_are_ignored_before_the_filter()
    {
        using var h = new ServiceGraphsHarness(o => o.FilterPolicies =
        [
            new FilterPolicyOptions { Exclude = new PolicyMatchOptions { MatchType = MatchTypes.Strict, Attributes = [new PolicyAttributeOptions { Key = "resource.service.name", Value = "svc-a" }] } },
        ]);
        h.Push(TestSpans.Resource("svc-a", TestSpans.Span(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Internal, 1, 0)));

        Assert.Equal(0, h.Filtered);
    }

    /// <summary>A database client span whose service name is not valid UTF-8 (the OTLP objects cannot express that).</summary>
    private static SpanBatch InvalidServiceBatch(string tenant)
    {
        var batch = new SpanBatch { Tenant = tenant };
        byte[] bytes = [.. "service.name"u8, 0xff, 0xfe, .. "db.name"u8, .. "orders"u8];
        batch.SetBuffer(bytes);
        batch.AddAttribute(new AttributeRef(new ByteRange(0, 12), AnyValueKind.String, new ByteRange(12, 2), 0, 0));
        batch.AddAttribute(new AttributeRef(new ByteRange(14, 7), AnyValueKind.String, new ByteRange(21, 6), 0, 0));
        TraceId.TryRead(TestSpans.TraceA, out var trace);
        batch.AddSpan(new SpanRef(0, trace, new SpanId(1), default, default, SpanKind.Client, StatusCode.Unset, default, default,
            TestSpans.Start, TestSpans.Start + 1000, 1, 1, 0, 0, 0, 0, 0, 0));
        batch.AddResource(new ResourceRef(0, 1, 0, 1, 0));
        return batch;
    }
}
