using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>The latest observation of a histogram bucket: its trace, raw value and event time. Empty trace = none.</summary>
public readonly record struct DeltaExemplar(TraceId TraceId, double Value, ulong EventTimeUnixNano)
{
    public bool IsEmpty => TraceId.IsEmpty;

    /// <summary>The later of two exemplars by event time; on a tie the right one, so folding is associative.</summary>
    public static DeltaExemplar Latest(in DeltaExemplar left, in DeltaExemplar right) =>
        right.IsEmpty || (!left.IsEmpty && left.EventTimeUnixNano > right.EventTimeUnixNano) ? left : right;
}
