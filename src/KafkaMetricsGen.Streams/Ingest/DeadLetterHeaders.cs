namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>Headers added to a dead-letter record; the original headers are kept before them.</summary>
public static class DeadLetterHeaders
{
    /// <summary>A <c>DecodeFailureReasons</c> constant.</summary>
    public const string Reason = "x-error-reason";

    /// <summary>A human-readable explanation.</summary>
    public const string Detail = "x-error-detail";

    /// <summary>The input topic the record came from.</summary>
    public const string SourceTopic = "x-source-topic";
}
