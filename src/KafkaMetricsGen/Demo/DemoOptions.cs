namespace KafkaMetricsGen.Demo;

/// <summary>Settings of the <c>demo</c> command.</summary>
public sealed class DemoOptions
{
    /// <summary>Synthetic traces per second.</summary>
    public double TracesPerSecond { get; init; } = 50;

    /// <summary>Stop by itself after this long (null: until Ctrl-C).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>How often the live summary line is printed.</summary>
    public TimeSpan SummaryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Partitions of the input topic (and of the internal topics).</summary>
    public int Partitions { get; init; } = 4;

    /// <summary>Send to this Prometheus remote-write URL instead of the local sink.</summary>
    public Uri? RemoteWrite { get; init; }

    /// <summary>Serve /metrics, /ready, /live, /status and the TraceQL metrics API on host:port.</summary>
    public string? HttpAddress { get; init; }

    /// <summary>Window length (collection_interval).</summary>
    public TimeSpan CollectionInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>at_least_once</c> or <c>exactly_once</c>.</summary>
    public string ProcessingGuarantee { get; init; } = Streams.Worker.KafkaWorkerDefaults.ProcessingGuarantee;
}
