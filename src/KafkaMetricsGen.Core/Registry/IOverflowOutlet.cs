namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// Where a split tenant's accumulator sends what its limiter refuses: the refused data, already labelled as the overflow
/// series of its metric, goes to the one place that writes the tenant's overflow series
/// (<see cref="SeriesAccumulator.OverflowWriter"/>), so several series partitions never write the same series.
/// </summary>
public interface IOverflowOutlet
{
    /// <summary>Takes a delta of an overflow series (ownership passes), stamped with the window it was refused in.</summary>
    void Refuse(SeriesDelta delta);
}
