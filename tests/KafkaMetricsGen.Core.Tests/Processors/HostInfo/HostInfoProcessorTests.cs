using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.Core.Processors.Shared.Otlp;

namespace KafkaMetricsGen.Core.Tests.Processors.HostInfo;

/// <summary>The cases of Tempo's hostinfo processor_test.go, and the lookup rules of its findHostIdentifier.</summary>
public class HostInfoProcessorTests
{
    private const string Metric = HostInfoDefaults.MetricName;
    private const string Id = HostInfoLabelNames.GrafanaHostId;
    private const string Source = HostInfoLabelNames.HostSource;

    /// <summary>Tempo's test.MakeBatch: ten spans on a test-service resource, plus the given resource attributes.</summary>
    private static ResourceSpans Batch(params KeyValue[] attributes)
    {
        var spans = Enumerable.Range(0, 10).Select(_ => Span(start: 1_000_000_000, end: 2_000_000_000)).ToArray();
        return Resource([Attr("service.name", "test-service"), .. attributes], spans);
    }

    private static RecordingRegistry Run(HostInfoOptions options, string tenant, params ResourceSpans[] resources)
    {
        var registry = new RecordingRegistry(tenant);
        using var processor = new HostInfoProcessor(tenant, options, registry);
        Assert.Equal(ProcessorNames.HostInfo, processor.Name);
        var traces = new TracesData();
        traces.ResourceSpans.Add(resources);
        processor.PushSpans(SpanBatchFactory.From(traces, tenant));
        return registry;
    }

    private static RecordingRegistry Run(params ResourceSpans[] resources) => Run(new HostInfoOptions(), "test-tenant", resources);

    [Fact]
    public void Sets_the_gauge_to_one_for_each_resource_host()
    {
        var registry = Run(Batch(Attr("host.id", "test0")), Batch(Attr("host.id", "test1")));

        Assert.Equal(1, registry.Value(Metric, (Id, "test0"), (Source, "host.id")));
        Assert.Equal(1, registry.Value(Metric, (Id, "test1"), (Source, "host.id")));
        Assert.Equal(2, registry.Series(Metric).Count);
    }

    [Fact]
    public void Prefers_the_first_identifier_listed_over_the_order_of_the_attributes()
    {
        // Tempo's TestHostInfoHostSource: even batches carry k8s.node.name (listed first) as well as host.id.
        var registry = Run(
            Batch(Attr("k8s.node.name", "test0"), Attr("host.id", "test0")),
            Batch(Attr("host.id", "test1")),
            Batch(Attr("host.id", "test2"), Attr("k8s.node.name", "test2")),
            Batch(Attr("host.id", "test3")));

        Assert.Equal(1, registry.Value(Metric, (Id, "test0"), (Source, "k8s.node.name")));
        Assert.Null(registry.Find(Metric, (Id, "test0"), (Source, "host.id")));
        Assert.Equal(1, registry.Value(Metric, (Id, "test1"), (Source, "host.id")));
        Assert.Equal(1, registry.Value(Metric, (Id, "test2"), (Source, "k8s.node.name")));
        Assert.Null(registry.Find(Metric, (Id, "test2"), (Source, "host.id")));
        Assert.Equal(1, registry.Value(Metric, (Id, "test3"), (Source, "host.id")));
        Assert.Equal(4, registry.Series(Metric).Count);
    }

    [Fact]
    public void Writes_nothing_for_a_resource_without_an_identifier()
    {
        Assert.Empty(Run(Batch(Attr("host.name", "h1"))).Series(Metric));
    }

    [Fact]
    public void Skips_empty_and_non_string_values_and_reads_on()
    {
        var registry = Run(
            Batch(Attr("k8s.node.name", string.Empty), Attr("host.id", "from-host-id")),
            Batch(Attr("k8s.node.name", 42L), Attr("k8s.node.name", "second-duplicate")),
            Batch(Attr("host.id", true)));

        Assert.Equal(1, registry.Value(Metric, (Id, "from-host-id"), (Source, "host.id")));
        Assert.Equal(1, registry.Value(Metric, (Id, "second-duplicate"), (Source, "k8s.node.name")));
        Assert.Equal(2, registry.Series(Metric).Count);
    }

    [Fact]
    public void Uses_the_configured_identifiers_and_metric_name()
    {
        var options = new HostInfoOptions { HostIdentifiers = ["node", "host.id"], MetricName = "my_hosts" };
        var registry = Run(options, "test-tenant", Batch(Attr("host.id", "ignored-order"), Attr("node", "n1")), Batch(Attr("k8s.node.name", "unlisted")));

        Assert.Equal(1, registry.Value("my_hosts", (Id, "n1"), (Source, "node")));
        Assert.Single(registry.Series("my_hosts"));
        Assert.Empty(registry.Series(Metric));
    }

    [Fact]
    public void Stamps_the_gauge_with_the_resource_first_span_end_time()
    {
        var registry = Run(Batch(Attr("host.id", "h")));

        Assert.Equal(2_000_000_000UL, registry.Find(Metric, (Id, "h"), (Source, "host.id"))!.LastEventTimeUnixNano);
    }

    [Fact]
    public void Counts_a_host_id_that_is_not_valid_utf8_as_discarded()
    {
        const string tenant = "hostinfo-invalid-utf8";
        var before = SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.InvalidUtf8, ProcessorNames.HostInfo).Value;
        var invalid = new KeyValue { Key = "host.id", Value = new AnyValue { StringValue = "h0st-vaLue" } };
        var resource = Batch(invalid);
        var registry = new RecordingRegistry(tenant);
        using var processor = new HostInfoProcessor(tenant, new HostInfoOptions(), registry);
        var traces = new TracesData();
        traces.ResourceSpans.Add(resource);
        var batch = SpanBatchFactory.From(traces, tenant);
        CorruptValue(batch, "h0st-vaLue"u8);

        processor.PushSpans(batch);

        Assert.Empty(registry.Series(Metric));
        Assert.Equal(before + 1, SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.InvalidUtf8, ProcessorNames.HostInfo).Value);
    }

    // Replaces the value bytes in the decoded buffer with an invalid UTF-8 sequence of the same length.
    private static void CorruptValue(Core.Ingest.SpanBatch batch, ReadOnlySpan<byte> value)
    {
        var buffer = batch.Buffer.ToArray();
        var at = buffer.AsSpan().IndexOf(value);
        Assert.True(at >= 0);
        buffer[at] = 0xC3;
        buffer[at + 1] = 0x28;
        batch.SetBuffer(buffer);
    }
}
