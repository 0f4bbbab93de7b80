namespace KafkaMetricsGen.Streams.Configuration;

/// <summary>Values of <c>kafka.processing_guarantee</c>.</summary>
public static class ProcessingGuarantees
{
    /// <summary>Faster; after a crash the records since the last commit are processed again and may count twice.</summary>
    public const string AtLeastOnce = "at_least_once";

    /// <summary>Kafka transactions: each span counts once in the cumulative state across crashes and rebalances.</summary>
    public const string ExactlyOnce = "exactly_once";
}
