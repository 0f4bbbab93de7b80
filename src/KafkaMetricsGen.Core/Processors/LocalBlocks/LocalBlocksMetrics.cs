using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>Self-metrics of the local-blocks store, all per tenant.</summary>
public static class LocalBlocksMetrics
{
    public static readonly Counter SpansStored = Metrics.CreateCounter(
        LocalBlocksMetricNames.SpansTotal, "Spans written to the local-blocks store.", SelfMetricLabels.Tenant);

    public static readonly Counter SpansDropped = Metrics.CreateCounter(
        LocalBlocksMetricNames.SpansDropped, "Spans dropped from the local-blocks store, by reason.", SelfMetricLabels.Tenant, SelfMetricLabels.Reason);

    public static readonly Gauge Bytes = Metrics.CreateGauge(
        LocalBlocksMetricNames.Bytes, "Encoded bytes held by the local-blocks store.", SelfMetricLabels.Tenant);

    public static readonly Gauge Segments = Metrics.CreateGauge(
        LocalBlocksMetricNames.CompletedBlocks, "Time segments held by the local-blocks store.", SelfMetricLabels.Tenant);

    public static readonly Counter SegmentsCut = Metrics.CreateCounter(
        LocalBlocksMetricNames.CutBlocks, "Time segments opened by the local-blocks store.", SelfMetricLabels.Tenant);
}
