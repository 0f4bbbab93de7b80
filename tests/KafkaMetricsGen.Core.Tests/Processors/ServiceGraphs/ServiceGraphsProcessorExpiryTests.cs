using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.Shared;
using static KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs.ServiceGraphsHarness;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;
using M = KafkaMetricsGen.Core.Processors.ServiceGraphs.ServiceGraphsMetricNames;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

/// <summary>Expiry, virtual nodes and the dropped-side cache of <see cref="ServiceGraphsProcessor"/>.</summary>
public sealed class ServiceGraphsProcessorExpiryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Unpaired_edges_become_virtual_nodes_on_expiry(bool label)
    {
        using var h = new ServiceGraphsHarness(o => o.EnableVirtualNodeLabel = label);
        h.Push("trace-with-virtual-nodes.json");
        Assert.Empty(h.Registry.Observations);

        h.ExpireAll();

        (string, string)[] Vn(string value) => label ? [("virtual_node", value)] : [];
        Assert.Equal(1, h.Total(Edge("user", "mythical-server", "virtual_node", Vn("client"))));
        Assert.Equal(1, h.Total(Edge("mythical-requester", "external-payments-platform", "virtual_node", Vn("server"))));
        Assert.Equal(1, h.Total(Edge("external-producer", "internal-consumer", "virtual_node", Vn("client"))));
        Assert.Empty(h.Registry.Series(M.RequestFailedTotal));
        Assert.Equal(0, h.Store.Count);
    }

    [Fact]
    public void The_missing_side_of_a_virtual_node_observes_zero_seconds_with_the_trace_as_exemplar()
    {
        using var h = new ServiceGraphsHarness();
        h.Push("trace-with-virtual-nodes.json");
        h.ExpireAll();

        var user = Edge("user", "mythical-server", "virtual_node");
        Assert.Equal(0, h.Histogram(M.RequestClientSeconds, user)!.Sum);
        Assert.True(h.Histogram(M.RequestServerSeconds, user)!.Sum > 0);
        Assert.False(h.Histogram(M.RequestServerSeconds, user)!.LastTraceId.IsEmpty);
        var external = Edge("mythical-requester", "external-payments-platform", "virtual_node");
        Assert.Equal(0, h.Histogram(M.RequestServerSeconds, external)!.Sum);
    }

    [Fact]
    public void A_batch_reads_the_clock_once_and_its_waiting_edges_expire_together()
    {
        var clock = new SteppingClock();
        var options = new ServiceGraphsOptions();
        var store = InMemoryEdgeStore.Create(options, clock);
        var processor = new ServiceGraphsProcessor("sg-clock", options, new TestKit.RecordingRegistry("sg-clock"), ServiceGraphsSubProcessors.Default, store, clock);

        processor.PushSpans(TestKit.TempoFixtures.LoadBatch("trace-with-virtual-nodes.json", "sg-clock"));

        Assert.Equal(1, clock.Reads);
        Assert.True(store.Count >= 2, $"{store.Count} waiting edges");

        // Every waiting edge got the batch's expiry: one more read (a second later) at the wait's end expires them all.
        clock.Next = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) + options.Wait;
        store.Expire(new NoExpiryHandler());
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Expired_edges_are_counted_by_the_kind_of_the_unmatched_span()
    {
        using var h = new ServiceGraphsHarness(o => o.EnableVirtualNodeLabel = true);
        h.Push("trace-with-expired-edges.json");
        h.ExpireAll();

        Assert.Equal(1, h.Expired("SPAN_KIND_SERVER"));
        Assert.Equal(0, h.Expired("SPAN_KIND_CLIENT"));
        Assert.Equal(4, h.EdgesCreated);
        Assert.Equal(0, h.DroppedSpans);
        Assert.Equal(1, h.Total(Edge("user", "mythical-server", "virtual_node", ("virtual_node", "client"))));
        Assert.Equal(1, h.Total(Edge("mythical-requester", "mysql", "database")));
        Assert.Equal(1, h.Total(Edge("mythical-server", "mythical-requester")));
    }

    [Fact]
    public void Each_unmatched_kind_counts_once()
    {
        using var h = new ServiceGraphsHarness();
        h.Push(TestSpans.Resource("svc",
            TestSpans.Span(Kind.Client, 1, 0),
            TestSpans.Span(Kind.Server, 2, 100),
            TestSpans.Span(Kind.Producer, 3, 0),
            TestSpans.Span(Kind.Consumer, 4, 200)));
        h.ExpireAll();

        Assert.Equal(1, h.Expired("SPAN_KIND_CLIENT"));
        Assert.Equal(1, h.Expired("SPAN_KIND_SERVER"));
        Assert.Equal(1, h.Expired("SPAN_KIND_PRODUCER"));
        Assert.Equal(1, h.Expired("SPAN_KIND_CONSUMER"));
    }

    [Fact]
    public void Queue_database_leaves_four_client_spans_to_expire()
    {
        using var h = new ServiceGraphsHarness();
        h.Push("trace-with-queue-database.json");
        h.ExpireAll();

        Assert.Equal(4, h.Expired("SPAN_KIND_CLIENT"));
        Assert.Equal(7, h.EdgesCreated);
    }

    [Fact]
    public void Edges_wait_until_their_expiration_second()
    {
        using var h = new ServiceGraphsHarness();
        h.Push(TestSpans.Resource("svc-a", TestSpans.Span(Kind.Client, 1, 0, attributes: ("peer.service", "ext"))));

        h.Time.Advance(h.Options.Wait - TimeSpan.FromMilliseconds(1));
        h.Processor.Expire();
        Assert.Equal(1, h.Store.Count);

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        h.Processor.Expire();
        Assert.Equal(0, h.Store.Count);
        Assert.Equal(1, h.Total(Edge("svc-a", "ext", "virtual_node")));
    }

    [Fact]
    public void Peer_attributes_choose_the_attribute_that_names_the_virtual_server()
    {
        using var h = new ServiceGraphsHarness(o => o.PeerAttributes = ["net.peer.name"]);
        h.Push(TestSpans.Resource("svc-a", TestSpans.Span(Kind.Client, 1, 0, attributes: [("peer.service", "not-listed"), ("net.peer.name", "listed")])));
        h.ExpireAll();

        Assert.Equal(1, h.Total(Edge("svc-a", "listed", "virtual_node")));
        Assert.Equal(0, h.Total(Edge("svc-a", "not-listed", "virtual_node")));
    }

    [Fact]
    public void A_server_with_an_empty_service_name_becomes_its_peer_in_either_order()
    {
        foreach (var (clientKind, serverKind) in new[] { (Kind.Client, Kind.Server), (Kind.Producer, Kind.Consumer) })
        {
            foreach (var serverFirst in new[] { false, true })
            {
                using var h = new ServiceGraphsHarness();
                var client = TestSpans.Resource("svc-a", TestSpans.Span(clientKind, 1, 0));
                var server = TestSpans.Resource(string.Empty, TestSpans.Span(serverKind, 2, 1, attributes: ("peer.service", "external-peer")));
                h.Push(serverFirst ? server : client);
                h.Push(serverFirst ? client : server);
                h.ExpireAll();

                Assert.Equal(1, h.Total(Edge("svc-a", "external-peer", "virtual_node")));
            }
        }
    }

    [Fact]
    public void An_empty_server_address_on_a_database_call_waits_for_the_server_peer()
    {
        using var h = new ServiceGraphsHarness();
        h.Push(TestSpans.Resource("svc-a", TestSpans.Span(Kind.Client, 1, 0, attributes: [("db.namespace", "db1"), ("server.address", "")])));
        h.Push(TestSpans.Resource(string.Empty, TestSpans.Span(Kind.Server, 2, 1, attributes: ("peer.service", "external-peer"))));
        h.ExpireAll();

        Assert.Equal(1, h.Total(Edge("svc-a", "external-peer", "virtual_node")));
        Assert.Equal(0, h.Expired("SPAN_KIND_SERVER") + h.Expired("SPAN_KIND_CLIENT"));
    }

    [Fact]
    public void A_client_whose_server_side_was_filtered_is_dropped()
    {
        using var h = new ServiceGraphsHarness(ExcludeService("svc-b"));
        h.Push(TestSpans.Resource("svc-b", TestSpans.Span(Kind.Server, 2, 1)));
        h.Push(TestSpans.Resource("svc-a", TestSpans.Span(Kind.Client, 1, 0, attributes: ("peer.service", "svc-b"))));
        h.ExpireAll();

        Assert.Equal(1, h.DroppedEdges);
        Assert.Equal(0, h.EdgesCreated);
        Assert.Empty(h.Registry.Observations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_filtered_client_drops_its_server_in_either_order(bool clientFirst)
    {
        using var h = new ServiceGraphsHarness(ExcludeService("svc-a"));
        var client = TestSpans.Resource("svc-a", TestSpans.Span(Kind.Client, 1, 0));
        var server = TestSpans.Resource("svc-b", TestSpans.Span(Kind.Server, 2, 1));
        h.Push(clientFirst ? client : server);
        h.Push(clientFirst ? server : client);
        h.ExpireAll();

        Assert.Equal(1, h.DroppedEdges);
        Assert.Equal(0, h.Store.Count);
        Assert.Equal(0, h.Expired("SPAN_KIND_SERVER"));
        Assert.Empty(h.Registry.Observations);
    }

    [Fact]
    public void A_filtered_root_server_leaves_nothing_in_the_cache()
    {
        using var h = new ServiceGraphsHarness(ExcludeService("svc-a"));
        h.Push(TestSpans.Resource("svc-a", TestSpans.Span(Kind.Server, 2, 0)));

        Assert.Equal(1, h.Filtered);
        Assert.Equal(0, h.Store.DroppedSideCount);
    }

    [Fact]
    public void A_full_dropped_side_cache_counts_the_overflow()
    {
        using var h = new ServiceGraphsHarness(o =>
        {
            o.MaxItems = 2;
            ExcludeService("svc-a")(o);
        });
        h.Push(TestSpans.Resource("svc-a",
            TestSpans.Span(Kind.Client, 1, 0),
            TestSpans.Span(Kind.Client, 2, 0),
            TestSpans.Span(Kind.Client, 1, 0),
            TestSpans.Span(Kind.Client, 3, 0)));

        Assert.Equal(2, h.Store.DroppedSideCount);
        Assert.Equal(1, h.DroppedSideOverflow);
    }

    private static Action<ServiceGraphsOptions> ExcludeService(string service) => o => o.FilterPolicies =
    [
        new FilterPolicyOptions
        {
            Exclude = new PolicyMatchOptions
            {
                MatchType = MatchTypes.Strict,
                Attributes = [new PolicyAttributeOptions { Key = "resource.service.name", Value = service }],
            },
        },
    ];

    /// <summary>A clock that moves a second on at every read, unless told the next time; counts its reads.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        public int Reads { get; private set; }

        public DateTimeOffset? Next { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            Reads++;
            var now = Next ?? _now;
            Next = null;
            _now = now.AddSeconds(1);
            return now;
        }
    }

    private sealed class NoExpiryHandler : IEdgeExpiryHandler
    {
        public void OnExpire(Edge edge)
        {
        }
    }
}
