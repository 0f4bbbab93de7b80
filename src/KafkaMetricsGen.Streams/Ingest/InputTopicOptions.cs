using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>One input topic (<c>kafka.topics[]</c>).</summary>
public sealed class InputTopicOptions
{
    /// <summary><c>name</c>: the topic.</summary>
    public required string Name { get; init; }

    /// <summary><c>codec</c>: one of <see cref="Codecs"/>.</summary>
    public required string Codec { get; init; }

    /// <summary>
    /// <c>trace_partitioned</c>: every span of a trace is already in one partition (Tempo's push-bytes writers key by
    /// trace), so the route-by-trace hop is skipped. Defaults to true for push-bytes only.
    /// </summary>
    public bool? TracePartitioned { get; init; }

    /// <summary><c>tenant_header</c>: overrides the global tenant header for this topic.</summary>
    public string? TenantHeader { get; init; }

    public bool IsTracePartitioned => TracePartitioned ?? Codec == Codecs.PushBytes;
}
