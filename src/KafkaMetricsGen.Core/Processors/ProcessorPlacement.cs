namespace KafkaMetricsGen.Core.Processors;

/// <summary>
/// Which of a tenant's processors one stage runs. Processors that need every span of a trace in one place (service
/// graphs pair client and server spans; local blocks answer trace-level intrinsics) run where spans are grouped by
/// trace; the others (span metrics, target_info) run wherever a record arrives.
/// </summary>
public enum ProcessorPlacement
{
    /// <summary>Every processor in one stage: offline processing, or input already partitioned by trace.</summary>
    All,

    /// <summary>Only the processors that need no trace affinity, on whole records where they arrive.</summary>
    WhereRecordArrives,

    /// <summary>Only the processors that need every span of a trace, after the spans were grouped by trace.</summary>
    ByTrace,
}
