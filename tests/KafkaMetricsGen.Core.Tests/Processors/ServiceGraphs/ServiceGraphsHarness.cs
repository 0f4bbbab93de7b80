using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.TestKit;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

/// <summary>A processor over a recording registry, an in-memory store and a fake clock, with a tenant of its own.</summary>
internal sealed class ServiceGraphsHarness : IDisposable
{
    public ServiceGraphsHarness(Action<ServiceGraphsOptions>? configure = null, ServiceGraphsSubProcessors subProcessors = ServiceGraphsSubProcessors.Default)
    {
        configure?.Invoke(Options);
        Registry = new RecordingRegistry(Tenant);
        Store = InMemoryEdgeStore.Create(Options, Time);
        Processor = new ServiceGraphsProcessor(Tenant, Options, Registry, subProcessors, Store, Time);
    }

    public string Tenant { get; } = "sg-" + Guid.NewGuid().ToString("N")[..12];

    public ServiceGraphsOptions Options { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public RecordingRegistry Registry { get; }

    public InMemoryEdgeStore Store { get; }

    public ServiceGraphsProcessor Processor { get; }

    public double EdgesCreated => ServiceGraphsSelfMetrics.Edges.WithLabels(Tenant).Value;

    public double DroppedSpans => ServiceGraphsSelfMetrics.DroppedSpans.WithLabels(Tenant).Value;

    public double DroppedEdges => ServiceGraphsSelfMetrics.DroppedEdges.WithLabels(Tenant).Value;

    public double DroppedSideOverflow => ServiceGraphsSelfMetrics.DroppedSpanSideCacheOverflow.WithLabels(Tenant).Value;

    public double Filtered => SelfMetrics.SpansDiscarded.WithLabels(Tenant, DiscardReasons.ServiceGraphsFiltered, "service-graphs").Value;

    public double InvalidUtf8 => SelfMetrics.SpansDiscarded.WithLabels(Tenant, DiscardReasons.InvalidUtf8, "service-graphs").Value;

    public static (string, string)[] Edge(string client, string server, string? connectionType = null, params (string, string)[] extra)
    {
        var labels = new List<(string, string)> { ("client", client), ("server", server) };
        if (connectionType is not null)
        {
            labels.Add(("connection_type", connectionType));
        }

        labels.AddRange(extra);
        return [.. labels];
    }

    public double Expired(string kind) => ServiceGraphsSelfMetrics.ExpiredEdges.WithLabels(Tenant, kind).Value;

    public void Push(string fixture) => Processor.PushSpans(TempoFixtures.LoadBatch(fixture, Tenant));

    public void Push(TracesData traces) => Processor.PushSpans(SpanBatchFactory.From(traces, Tenant));

    public void Push(params ResourceSpans[] resources)
    {
        var traces = new TracesData();
        traces.ResourceSpans.AddRange(resources);
        Push(traces);
    }

    public void Push(SpanBatch batch) => Processor.PushSpans(batch);

    /// <summary>Moves the clock past every pending edge's wait and runs expiry, as the host's timer would.</summary>
    public void ExpireAll()
    {
        Time.Advance(Options.Wait + TimeSpan.FromSeconds(2));
        Processor.Expire();
    }

    public double Total(params (string, string)[] labels) => Registry.Value(ServiceGraphsMetricNames.RequestTotal, labels);

    public double Failed(params (string, string)[] labels) => Registry.Value(ServiceGraphsMetricNames.RequestFailedTotal, labels);

    public RecordedSeries? Histogram(string metric, params (string, string)[] labels) => Registry.Find(metric, labels);

    public void Dispose() => Processor.Dispose();
}
