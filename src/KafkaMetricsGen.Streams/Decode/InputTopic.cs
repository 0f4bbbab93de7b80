using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>One input topic: its codec, and whether its producer already keys records by trace (Tempo push-bytes is).</summary>
public sealed record InputTopic(string Name, string Codec, bool TracePartitioned = false)
{
    /// <summary>Where this input's undecodable records go: <c>kafka.dead_letter_topic</c>, or <c>{name}-dead-letter</c> when unset.</summary>
    public string DeadLetterTopic => DeadLetter is { Length: > 0 } topic ? topic : Name + DefaultDeadLetterSuffix;

    /// <summary>The configured dead-letter topic; null or empty gives <c>{name}-dead-letter</c>.</summary>
    public string? DeadLetter { get; init; }

    public const string DefaultDeadLetterSuffix = "-dead-letter";

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
