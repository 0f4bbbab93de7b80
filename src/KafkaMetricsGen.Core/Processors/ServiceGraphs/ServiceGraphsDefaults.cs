namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Defaults of <c>metrics_generator.processor.service_graphs</c> (Tempo's values).</summary>
public static class ServiceGraphsDefaults
{
    /// <summary>How long an unpaired edge waits for its other side: 10 seconds.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>Most pending edges held at once (and most dropped-side cache entries).</summary>
    public const int MaxItems = 10_000;

    /// <summary>How often the host should call <see cref="ServiceGraphsProcessor.Expire"/>: every 2 seconds, like Tempo.</summary>
    public static readonly TimeSpan ExpireInterval = TimeSpan.FromSeconds(2);

    /// <summary>Latency histogram upper bounds in seconds: ExponentialBuckets(0.1, 2, 8).</summary>
    public static IReadOnlyList<double> HistogramBuckets => [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8];

    /// <summary>Span attributes naming a peer (virtual node), in order; db.namespace is deliberately not one.</summary>
    public static IReadOnlyList<string> PeerAttributes => ["peer.service", "db.name", "db.system", "db.system.name"];

    /// <summary>Attributes marking a client span as a database call, in order (resource first, then span).</summary>
    public static IReadOnlyList<string> DatabaseNameAttributes => ["db.namespace", "db.name", "db.system", "db.system.name"];
}
