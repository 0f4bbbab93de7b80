using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.TestKit;
using Microsoft.Extensions.Time.Testing;
using static KafkaMetricsGen.Core.Tests.Processors.LocalBlocks.LocalBlocksTestData;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace KafkaMetricsGen.Core.Tests.Processors;

public sealed class TenantProcessorsTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly ulong NowNano = (ulong)Now.ToUnixTimeMilliseconds() * 1_000_000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tp-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Builds_only_the_processors_that_are_selected_with_at_least_one_kind()
    {
        var registry = new DeltaRegistry("tp-select", new RegistryOptions(), _time);
        using var processors = new TenantProcessors(
            "tp-select",
            new TenantProcessorsOptions { SpanMetrics = new SpanMetricsOptions(), SpanMetricsKinds = SpanMetricsSubprocessor.None, ServiceGraphs = new ServiceGraphsOptions() },
            registry,
            _time);

        Assert.False(processors.SpanMetrics);
        Assert.True(processors.ServiceGraphs);
        Assert.False(processors.HostInfo);
        Assert.False(processors.LocalBlocks);
    }

    [Fact]
    public void Host_info_runs_beside_the_other_processors_and_writes_its_gauge()
    {
        var registry = new RecordingRegistry("tp-host");
        using var processors = new TenantProcessors(
            "tp-host",
            new TenantProcessorsOptions { SpanMetrics = new SpanMetricsOptions(), HostInfo = new HostInfoOptions() },
            registry,
            _time);
        var traces = new OpenTelemetry.Proto.Trace.V1.TracesData();
        var resource = Resource("checkout", Span(1, 1, 0, Kind.Server, NowNano, 10));
        resource.Resource.Attributes.Add(new OpenTelemetry.Proto.Common.V1.KeyValue { Key = "host.id", Value = new() { StringValue = "node-7" } });
        traces.ResourceSpans.Add(resource);

        processors.Push(SpanBatchFactory.From(traces, "tp-host"));

        Assert.True(processors.HostInfo);
        Assert.Equal(1, registry.Value(HostInfoDefaults.MetricName, (HostInfoLabelNames.GrafanaHostId, "node-7"), (HostInfoLabelNames.HostSource, "host.id")));
        Assert.NotEmpty(registry.Series(SpanMetricsMetricNames.Calls));
    }

    [Fact]
    public void A_push_that_skips_metrics_generation_still_reaches_local_blocks()
    {
        var registry = new DeltaRegistry("tp-skip", new RegistryOptions(), _time);
        using var localBlocks = new LocalBlocksProcessor("tp-skip", new LocalBlocksOptions { Path = _dir }, _time);
        using var processors = new TenantProcessors(
            "tp-skip",
            new TenantProcessorsOptions { SpanMetrics = new SpanMetricsOptions(), ServiceGraphs = new ServiceGraphsOptions() },
            registry,
            _time,
            localBlocks: localBlocks);
        var batch = SpanBatchFactory.From(Resource("checkout", Span(1, 1, 0, Kind.Server, NowNano, 10)));
        batch.SkipMetricsGeneration = true;

        processors.Push(batch);

        Assert.True(registry.IsEmpty);
        Assert.Equal(1, localBlocks.Chunks(0, ulong.MaxValue).Sum(c => c.Length));

        batch.SkipMetricsGeneration = false;
        processors.Push(batch);

        Assert.False(registry.IsEmpty);
        Assert.Equal(2, localBlocks.Chunks(0, ulong.MaxValue).Sum(c => c.Length));
    }

    [Fact]
    public void Service_graphs_select_the_spans_of_edge_kinds_for_the_trace_hop()
    {
        var registry = new DeltaRegistry("tp-hop", new RegistryOptions(), _time);
        using var processors = new TenantProcessors(
            "tp-hop", new TenantProcessorsOptions { SpanMetrics = new SpanMetricsOptions(), ServiceGraphs = new ServiceGraphsOptions() }, registry, _time, placement: ProcessorPlacement.WhereRecordArrives);
        var batch = SpanBatchFactory.From(Resource(
            "checkout",
            Span(1, 1, 0, Kind.Server, NowNano, 10),
            Span(1, 2, 1, Kind.Client, NowNano, 10),
            Span(1, 3, 1, Kind.Internal, NowNano, 10),
            Span(1, 4, 1, Kind.Producer, NowNano, 10),
            Span(1, 5, 4, Kind.Consumer, NowNano, 10)));

        Assert.True(processors.NeedsTraceAffinity);
        Assert.Equal([true, true, false, true, true], Selected(processors, batch));

        batch.SkipMetricsGeneration = true;
        Assert.Equal([false, false, false, false, false], Selected(processors, batch));
    }

    [Fact]
    public void Local_blocks_select_the_spans_they_keep_for_the_trace_hop()
    {
        var registry = new DeltaRegistry("tp-lb", new RegistryOptions(), _time);
        using var localBlocks = new LocalBlocksProcessor("tp-lb", new LocalBlocksOptions { Path = _dir, FilterServerSpans = true }, _time);
        using var processors = new TenantProcessors("tp-lb", new TenantProcessorsOptions(), registry, _time, localBlocks: localBlocks, placement: ProcessorPlacement.WhereRecordArrives);
        var batch = SpanBatchFactory.From(Resource(
            "checkout",
            Span(1, 1, 0, Kind.Internal, NowNano, 10),
            Span(1, 2, 1, Kind.Server, NowNano, 10),
            Span(1, 3, 1, Kind.Client, NowNano, 10)));
        batch.SkipMetricsGeneration = true;

        Assert.True(processors.NeedsTraceAffinity);
        Assert.Equal([true, true, false], Selected(processors, batch));
    }

    [Fact]
    public void Span_metrics_alone_need_no_trace_affinity()
    {
        var registry = new DeltaRegistry("tp-sm", new RegistryOptions(), _time);
        using var processors = new TenantProcessors("tp-sm", new TenantProcessorsOptions { SpanMetrics = new SpanMetricsOptions() }, registry, _time);

        Assert.False(processors.NeedsTraceAffinity);
        Assert.Equal([false], Selected(processors, SpanBatchFactory.From(Resource("checkout", Span(1, 1, 0, Kind.Server, NowNano, 10)))));
    }

    [Fact]
    public void Each_placement_runs_only_its_processors()
    {
        var batch = SpanBatchFactory.From(Resource("checkout", Span(1, 1, 0, Kind.Server, NowNano, 10)));
        var options = new TenantProcessorsOptions { SpanMetrics = new SpanMetricsOptions(), ServiceGraphs = new ServiceGraphsOptions() };
        var local = new DeltaRegistry("tp-local", new RegistryOptions(), _time);
        using var whereRecordArrives = new TenantProcessors("tp-local", options, local, _time, placement: ProcessorPlacement.WhereRecordArrives);
        var byTrace = new DeltaRegistry("tp-trace", new RegistryOptions(), _time);
        using var grouped = new TenantProcessors("tp-trace", options, byTrace, _time, placement: ProcessorPlacement.ByTrace);

        whereRecordArrives.Push(batch);
        grouped.Push(batch);

        Assert.True(whereRecordArrives.SpanMetrics);
        Assert.False(whereRecordArrives.ServiceGraphs);
        Assert.False(local.IsEmpty);
        Assert.False(grouped.SpanMetrics);
        Assert.True(grouped.ServiceGraphs);
        Assert.Equal(1, grouped.PendingEdges);
        Assert.True(byTrace.IsEmpty);
    }

    private static bool[] Selected(TenantProcessors processors, Core.Ingest.SpanBatch batch)
    {
        var selected = new bool[batch.SpanCount];
        for (var i = 0; i < selected.Length; i++)
        {
            selected[i] = processors.SelectsForTrace(batch, batch.Span(i));
        }

        return selected;
    }
}
