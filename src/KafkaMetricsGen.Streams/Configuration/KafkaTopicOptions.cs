using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Configuration;

/// <summary>One entry of <c>kafka.topics</c>: an input topic and how its records are encoded.</summary>
public sealed class KafkaTopicOptions
{
    /// <summary><c>name</c>: the topic.</summary>
    public required string Name { get; init; }

    /// <summary><c>codec</c>: <c>otlp_proto</c>, <c>otlp_json</c>, or Tempo's <c>push-bytes</c> or <c>otlp</c>.</summary>
    public string Codec { get; init; } = KafkaDefaults.Codec;

    /// <summary>
    /// <c>trace_partitioned</c>: every span of a trace is already in one partition (Tempo's distributor, or a producer
    /// keyed by trace id), so the route-by-trace hop is skipped. Defaults to true for Tempo's codecs only.
    /// </summary>
    public bool TracePartitioned { get; init; }

    /// <summary>Tempo's distributor writes both its codecs partitioned by trace.</summary>
    public static bool DefaultTracePartitioned(string codec) => TenantInKey(codec);

    /// <summary>Tempo's codecs carry the tenant in the record key; the OTLP ones in a header or not at all.</summary>
    public static bool TenantInKey(string codec) => codec is Codecs.PushBytes or Codecs.TempoOtlp;
}
