using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Generate;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>What the decode task of one input topic needs.</summary>
public sealed class DecodeStageSettings
{
    public required InputTopic Topic { get; init; }

    /// <summary>Header that carries the tenant of OTLP records (push-bytes records carry it in the key).</summary>
    public string TenantHeader { get; init; } = DecodeDefaults.TenantHeader;

    /// <summary>Tenant of records without a tenant header.</summary>
    public string DefaultTenant { get; init; } = DecodeDefaults.DefaultTenant;

    /// <summary>Partitions of the trace-partitioned topic the generate stage reads.</summary>
    public required int TracePartitions { get; init; }

    /// <summary>Bytes a frame of sub-batches gathers before it is sent (see <see cref="DecodeDefaults.MaxFrameBytes"/>).</summary>
    public int MaxFrameBytes { get; init; } = DecodeDefaults.MaxFrameBytes;

    /// <summary>Bytes of the largest record written to spans-by-trace or the dead-letter topic (see <see cref="DecodeDefaults.MaxInternalRecordBytes"/>).</summary>
    public int MaxInternalRecordBytes { get; init; } = DecodeDefaults.MaxInternalRecordBytes;

    /// <summary>How often partly filled frames are sent between commits (see <see cref="DecodeDefaults.FlushInterval"/>).</summary>
    public TimeSpan FlushInterval { get; init; } = DecodeDefaults.FlushInterval;

    /// <summary>
    /// Tenants, series partitions, clock and idle times of the processors that need no trace affinity, which the decode
    /// task of an input that is not trace-partitioned runs on whole records; null: they run in the generate stage.
    /// </summary>
    public GenerateStageSettings? Processors { get; init; }

    /// <summary>The upstream numbers of this input's decode tasks (with <see cref="Processors"/>).</summary>
    public UpstreamSlot? Watermarks { get; init; }
}
