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

    /// <summary>State-store changelogs: the latest value per key is what a restore needs.</summary>
    public static IReadOnlyDictionary<string, string> Changelog { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CleanupPolicy] = "compact",
    };

    /// <summary>
    /// Repartition topics: never compacted (every record is input). The stream deletes committed records itself; the
    /// broker's retention stays as a bound should that stop (Kafka Streams sets it to infinite instead).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Repartition { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CleanupPolicy] = "delete",
    };
}
