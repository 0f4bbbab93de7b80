namespace KafkaMetricsGen.Streams.Topics;

/// <summary>
/// The topic configs Kafka Streams gives its internal topics. The worker creates these topics itself, before the stream
/// starts (brokers without the CreateTopics API need that), so Streamiz finds them existing and leaves their configs as
/// they are: without these a changelog would keep every update for the broker's default retention and then lose them,
/// instead of being compacted to the latest value per key.
/// </summary>
public static class InternalTopicConfigs
{
    public const string CleanupPolicy = "cleanup.policy";

    public const string MaxMessageBytesKey = "max.message.bytes";

    /// <summary>
    /// 1,000,000 bytes: librdkafka's default <c>message.max.bytes</c>, the largest record batch the worker's producer
    /// sends. Every record a stage writes fits in it (the decode stage keeps its records below
    /// <c>DecodeDefaults.MaxInternalRecordBytes</c>, 900,000), and the producer packs records into batches up to it.
    /// </summary>
    public const int ProducerMessageMaxBytes = 1_000_000;

    /// <summary>
    /// 1,048,588 bytes: the largest record batch an internal topic accepts, set when the worker creates it. A full
    /// producer batch (<see cref="ProducerMessageMaxBytes"/>) plus the batch framing fits with room to spare; it is
    /// Kafka's own broker default, written down so that a cluster configured with a smaller default cannot refuse
    /// what the stages write (a refused write stops the stream).
    /// </summary>
    public const int MaxMessageBytes = 1_048_588;

    /// <summary>State-store changelogs: the latest value per key is what a restore needs.</summary>
    public static IReadOnlyDictionary<string, string> Changelog { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CleanupPolicy] = "compact",
        [MaxMessageBytesKey] = MaxMessageBytesValue,
    };

    /// <summary>Dead-letter topics: the decode stage writes copies of bad records up to its record limit.</summary>
    public static IReadOnlyDictionary<string, string> DeadLetter { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MaxMessageBytesKey] = MaxMessageBytesValue,
    };

    /// <summary>
    /// Repartition topics: never compacted (every record is input). The stream deletes committed records itself; the
    /// broker's retention stays as a bound should that stop (Kafka Streams sets it to infinite instead).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Repartition { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CleanupPolicy] = "delete",
        [MaxMessageBytesKey] = MaxMessageBytesValue,
    };

    private static string MaxMessageBytesValue => MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
