namespace KafkaMetricsGen.Core.Telemetry;

/// <summary>Values of the <c>reason</c> label of <see cref="SelfMetricNames.SpansDiscarded"/>.</summary>
public static class DiscardReasons
{
    public const string SpanMetricsFiltered = "span_metrics_filtered";
    public const string ServiceGraphsFiltered = "service_graphs_filtered";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string OutsideIngestionSlack = "outside_metrics_ingestion_slack";
    public const string TooLate = "too_late";
    public const string TooFarInFuture = "too_far_in_future";
    public const string InvalidSpan = "invalid_span";
}
