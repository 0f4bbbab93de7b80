namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>Defaults of the decode and route stages.</summary>
public static class IngestDefaults
{
    /// <summary>Tempo's tenant id when multitenancy is off.</summary>
    public const string DefaultTenant = "single-tenant";

    /// <summary>Record header holding the tenant for otlp_proto / otlp_json inputs (Tempo's HTTP header name).</summary>
    public const string TenantHeader = "X-Scope-OrgID";

    /// <summary>Where undecodable records go.</summary>
    public const string DeadLetterTopic = "kafka-metrics-gen-dead-letter";

    /// <summary>Partitions of the spans-by-trace repartition topic (the parallelism of the generate stage).</summary>
    public const int TracePartitions = 8;
}
