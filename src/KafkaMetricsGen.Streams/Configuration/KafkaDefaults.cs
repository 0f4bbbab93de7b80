using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Decode;

namespace KafkaMetricsGen.Streams.Configuration;

/// <summary>Defaults of the worker's <c>kafka:</c> section.</summary>
public static class KafkaDefaults
{
    public const string BootstrapServers = "localhost:9092";

    /// <summary>Consumer group id and prefix of internal topics and state directories.</summary>
    public const string ApplicationId = "kafka-metrics-gen";

    /// <summary>Header that carries the tenant on OTLP records (Tempo's tenant header).</summary>
    public const string TenantHeader = DecodeDefaults.TenantHeader;

    /// <summary>Tenant of records without the header; Tempo's name for "no multitenancy".</summary>
    public const string DefaultTenant = DecodeDefaults.DefaultTenant;

    public const string Codec = Codecs.OtlpProto;

    /// <summary>Input topic when <c>kafka.topics</c> is not set, so a plain Tempo configuration runs unchanged.</summary>
    public const string Topic = "otlp-spans";

    public const string StateDir = "/tmp/kafka-metrics-gen";

    /// <summary>
    /// Exactly-once by default: restart-safe counters are the point of the worker, and a crash under at-least-once
    /// re-counts the records since the last commit.
    /// </summary>
    public const string ProcessingGuarantee = ProcessingGuarantees.ExactlyOnce;

    public const int NumStreamThreads = 1;

    /// <summary>How often offsets and state are committed (Tempo's consumer auto-commits every 5 s).</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(5);

    /// <summary>librdkafka keys the worker sets itself; <c>client_config</c> may not override them.</summary>
    public static readonly string[] ReservedClientConfigKeys =
    [
        "bootstrap.servers", "group.id", "application.id", "enable.auto.commit", "transactional.id", "isolation.level",
    ];
}
