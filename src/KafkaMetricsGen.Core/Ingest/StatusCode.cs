namespace KafkaMetricsGen.Core.Ingest;

/// <summary>OTLP status code; a missing status is <see cref="Unset"/>.</summary>
public enum StatusCode
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
