namespace KafkaMetricsGen.Core.Telemetry;

/// <summary>Names of the worker's own metrics; Tempo's names where the meaning is the same.</summary>
public static class SelfMetricNames
{
    public const string SpansReceived = "tempo_metrics_generator_spans_received_total";
    public const string SpansDiscarded = "tempo_metrics_generator_spans_discarded_total";
    public const string BytesReceived = "tempo_metrics_generator_bytes_received_total";
}
