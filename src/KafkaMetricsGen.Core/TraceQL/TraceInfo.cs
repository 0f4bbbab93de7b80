namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Trace-level intrinsics resolved from the stored spans of one trace (root service, root name, duration) and the
/// nested-set numbers of its stored spans.
/// </summary>
public readonly record struct TraceInfo(string? RootService, string? RootName, ulong StartUnixNano, ulong EndUnixNano)
{
    public NestedSetIndex? NestedSets { get; init; }

    public ulong DurationNano => EndUnixNano > StartUnixNano ? EndUnixNano - StartUnixNano : 0;
}
