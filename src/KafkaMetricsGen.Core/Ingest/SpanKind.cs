namespace KafkaMetricsGen.Core.Ingest;

/// <summary>OTLP span kind. Values outside the named ones are kept as they came (Tempo renders them as numbers).</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
