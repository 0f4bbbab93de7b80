using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>One input topic: its codec, and whether its producer already keys records by trace (Tempo push-bytes is).</summary>
public sealed record InputTopic(string Name, string Codec, bool TracePartitioned = false)
{
    /// <summary>Dead-letter topic of this input: <c>{name}-dead-letter</c>.</summary>
    public string DeadLetterTopic => Name + "-dead-letter";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("kafka.topics[].name: must not be empty");
        }

        if (!SpanBatchDecoders.Names.Contains(Codec))
        {
            throw new ArgumentException($"kafka.topics[{Name}].codec: '{Codec}' is not a codec (allowed: {string.Join(", ", SpanBatchDecoders.Names)})");
        }
    }
}
