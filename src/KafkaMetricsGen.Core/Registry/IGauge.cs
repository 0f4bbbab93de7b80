namespace KafkaMetricsGen.Core.Registry;

/// <summary>A series family whose value is set, not added (target_info, connection_info).</summary>
public interface IGauge
{
    void Set(in LabelSet labels, double value, ulong eventTimeUnixNano);
}
