namespace KafkaMetricsGen.Streams.Decode;

/// <summary>Defaults of the decode stage.</summary>
public static class DecodeDefaults
{
    /// <summary>The header Tempo and the OpenTelemetry Collector use for the tenant.</summary>
    public const string TenantHeader = "X-Scope-OrgID";

    /// <summary>Tempo's tenant when multitenancy is off.</summary>
    public const string DefaultTenant = "single-tenant";

    /// <summary>
    /// Bytes a spans-by-trace frame gathers before it is sent (it is also sent at every commit). Large enough to carry
    /// many input records per frame, well below Kafka's default 1 MB message limit.
    /// </summary>
    public const int MaxFrameBytes = 256 * 1024;

    /// <summary>
    /// Bytes of the largest record the decode stage writes to the spans-by-trace or the dead-letter topic, value and
    /// headers: below the Kafka producer's default 1,000,000-byte message limit (and the broker's default 1 MB topic
    /// limit) with room for the record's framing. An input record larger than a frame is split into sub-batches of about
    /// a frame each; a span that alone does not fit is dead-lettered, and a dead-letter copy that does not fit keeps its
    /// headers and a truncated value.
    /// </summary>
    public const int MaxInternalRecordBytes = 900_000;

    /// <summary>
    /// How often the decode stage sends its partly filled frames between commits: the next stage works on them while
    /// this one goes on, and the commit interval can stay long (each commit flushes every RocksDB store).
    /// </summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
}
