using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Worker;

namespace KafkaMetricsGen.Bench;

/// <summary>Options of <c>bench throughput</c>.</summary>
public sealed class ThroughputBenchOptions
{
    /// <summary><c>--spans</c>: spans to write and process.</summary>
    public long Spans { get; init; } = ThroughputBenchDefaults.Spans;

    /// <summary><c>--partitions</c>: input partitions (raised when the data would not fit the broker's retention).</summary>
    public int Partitions { get; init; } = ThroughputBenchDefaults.Partitions;

    /// <summary>
    /// <c>--trace-partitions</c>: partitions of the spans-by-trace topic and the generate stage; 0 (the default) uses the
    /// input's count. Fewer means fewer generate tasks and edge stores, but on the
    /// embedded broker a spans-by-trace partition whose backlog passes 5 MiB silently loses its oldest records.
    /// </summary>
    public int TracePartitions { get; init; } = ThroughputBenchDefaults.TracePartitions;

    /// <summary>
    /// <c>--trace-partitioned</c>: declare the input trace-partitioned, so the worker skips the spans-by-trace hop. True
    /// of the bench's topic, whose records each hold whole traces, and of topics written by Tempo's distributor, which
    /// partitions by trace id.
    /// </summary>
    public bool TracePartitioned { get; init; }

    /// <summary>
    /// <c>--series-partitions</c>: partitions of the series-deltas topic and the aggregate stage. It carries per-window
    /// deltas only, a small fraction of the span traffic, so it needs far fewer partitions (and RocksDB stores) than the
    /// span topics, which the broker's retention forces up.
    /// </summary>
    public int SeriesPartitions { get; init; } = ThroughputBenchDefaults.SeriesPartitions;

    /// <summary><c>--commit-interval</c>: the worker's commit interval; by default the one <c>run</c> uses (<c>kafka.commit_interval</c>).</summary>
    public TimeSpan CommitInterval { get; init; } = KafkaDefaults.CommitInterval;

    /// <summary>
    /// <c>--client-config key=value</c> (repeatable): librdkafka settings for the worker and the Kafka Streams ceilings,
    /// as <c>kafka.client_config</c> gives them to <c>run</c>; to compare a setting with the worker's default.
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientConfig { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>--guarantee</c>: at_least_once or exactly_once.</summary>
    public string Guarantee { get; init; } = KafkaWorkerDefaults.ProcessingGuarantee;

    public void Validate()
    {
        if (Spans < 1)
        {
            throw new ArgumentException("--spans must be ≥ 1");
        }

        if (Partitions < 1)
        {
            throw new ArgumentException("--partitions must be ≥ 1");
        }

        if (CommitInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("--commit-interval must be > 0");
        }

        if (TracePartitions < 0)
        {
            throw new ArgumentException("--trace-partitions must be ≥ 0");
        }

        if (TracePartitioned && TracePartitions != 0)
        {
            throw new ArgumentException("--trace-partitions cannot be combined with --trace-partitioned: a trace-partitioned input is generated on its own partitions; drop --trace-partitions");
        }

        if (SeriesPartitions < 1)
        {
            throw new ArgumentException("--series-partitions must be ≥ 1");
        }

        var errors = new ConfigErrors();
        ClientConfigValues.Validate(ClientConfig, errors);
        foreach (var key in KafkaDefaults.ReservedClientConfigKeys)
        {
            if (ClientConfig.ContainsKey(key))
            {
                errors.Add(KafkaOptions.ClientConfigPath + "." + key, "is set by the bench");
            }
        }

        if (errors.Any)
        {
            throw new ArgumentException("--client-config: " + string.Join("; ", errors.Items.Select(e => e.Path + ": " + e.Message)));
        }

        if (Guarantee is not (KafkaWorkerDefaults.AtLeastOnce or KafkaWorkerDefaults.ExactlyOnce))
        {
            throw new ArgumentException($"--guarantee must be {KafkaWorkerDefaults.AtLeastOnce} or {KafkaWorkerDefaults.ExactlyOnce}, got '{Guarantee}'");
        }
    }
}
