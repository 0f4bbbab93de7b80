using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>What every aggregate task shares.</summary>
public sealed class AggregateStageSettings
{
    public required ITenantConfigSource Configs { get; init; }

    public required ITenantSinks Sinks { get; init; }

    /// <summary>Partitions of the series-deltas topic: each aggregate task keeps to its share of a tenant's
    /// <c>max_active_series</c> (see <see cref="Core.Registry.SeriesPartition"/>).</summary>
    public required int SeriesPartitions { get; init; }

    public WorkerStatus? Status { get; init; }

    /// <summary>How often the task checks whether windows can close without new input.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The sinks a task's engine writes to: durable sinks (<see cref="IDurableTenantSinks"/>) keep the task's unsent
    /// windows in its <paramref name="store"/> and are returned as <paramref name="taskSinks"/>, to be told on each
    /// punctuation which were sent.
    /// </summary>
    public ITenantSinks SinksFor(IAggregateStateStore store, out ITaskSinks? taskSinks)
    {
        taskSinks = Sinks is IDurableTenantSinks durable ? durable.ForTask(store) : null;
        return taskSinks ?? Sinks;
    }
}
