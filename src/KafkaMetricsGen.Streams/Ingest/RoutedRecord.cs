namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// An output of the decode/route step: a sub-batch for the spans-by-trace topic, or (with a failure reason) the
/// original record bound for the dead-letter topic.
/// </summary>
public sealed record RoutedRecord(byte[]? Key, byte[] Value, string? FailureReason = null, string? FailureDetail = null)
{
    public bool IsDeadLetter => FailureReason is not null;
}
