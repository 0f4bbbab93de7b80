using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>Settings of the decode and route stages (<c>kafka:</c> block).</summary>
public sealed class IngestOptions
{
    /// <summary><c>application_id</c>: prefixes the internal topics.</summary>
    public required string ApplicationId { get; init; }

    /// <summary><c>topics</c>: the inputs.</summary>
    public required IReadOnlyList<InputTopicOptions> Topics { get; init; }

    /// <summary><c>default_tenant</c>: tenant of records without a tenant header.</summary>
    public string DefaultTenant { get; init; } = IngestDefaults.DefaultTenant;

    /// <summary><c>tenant_header</c>: record header carrying the tenant for OTLP inputs.</summary>
    public string TenantHeader { get; init; } = IngestDefaults.TenantHeader;

    /// <summary><c>dead_letter_topic</c>.</summary>
    public string DeadLetterTopic { get; init; } = IngestDefaults.DeadLetterTopic;

    /// <summary><c>trace_partitions</c>: partitions of the spans-by-trace topic; must match the created topic.</summary>
    public int TracePartitions { get; init; } = IngestDefaults.TracePartitions;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ApplicationId))
        {
            throw new ArgumentException("kafka.application_id: must not be empty");
        }

        if (Topics.Count == 0)
        {
            throw new ArgumentException("kafka.topics: at least one input topic is required");
        }

        for (var i = 0; i < Topics.Count; i++)
        {
            var t = Topics[i];
            if (string.IsNullOrWhiteSpace(t.Name))
            {
                throw new ArgumentException($"kafka.topics[{i}].name: must not be empty");
            }

            if (t.Codec is not (Codecs.OtlpProto or Codecs.OtlpJson or Codecs.PushBytes))
            {
                throw new ArgumentException($"kafka.topics[{i}].codec: must be {Codecs.OtlpProto}, {Codecs.OtlpJson} or {Codecs.PushBytes}, got '{t.Codec}'");
            }
        }

        if (string.IsNullOrWhiteSpace(DeadLetterTopic))
        {
            throw new ArgumentException("kafka.dead_letter_topic: must not be empty");
        }

        if (TracePartitions < 1)
        {
            throw new ArgumentException($"kafka.trace_partitions: must be at least 1, got {TracePartitions}");
        }
    }
}
