namespace KafkaMetricsGen.Core.Registry;

/// <summary>A monotonically increasing series family.</summary>
public interface ICounter
{
    /// <summary>Adds <paramref name="value"/> (≥ 0) to the series <paramref name="labels"/> at event time <paramref name="eventTimeUnixNano"/>.</summary>
    void Inc(in LabelSet labels, double value, ulong eventTimeUnixNano);
}
