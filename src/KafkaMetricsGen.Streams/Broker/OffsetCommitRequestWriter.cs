namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Writes the OffsetCommit (v2) the proxy sends in a transaction's place: the mock answers TxnOffsetCommit but
/// never stores its offsets, while a plain OffsetCommit it does store.
/// </summary>
internal static class OffsetCommitRequestWriter
{
    /// <summary>A whole frame, size prefix included, with the request header v1 of a non-flexible request.</summary>
    public static byte[] Write(GroupOffsetCommit commit, int correlationId)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var writer = new KafkaWireWriter();
        writer.WriteInt16(KafkaProtocol.OffsetCommitApiKey);
        writer.WriteInt16(KafkaProtocol.InjectedOffsetCommitVersion);
        writer.WriteInt32(correlationId);
        writer.WriteNullableString(KafkaProtocol.InjectedClientId);

        writer.WriteString(commit.GroupId);
        writer.WriteInt32(commit.GenerationId);
        writer.WriteString(commit.MemberId);
        writer.WriteInt64(KafkaProtocol.DefaultRetentionTimeMs);

        var byTopic = GroupByTopic(commit.Offsets);
        writer.WriteInt32(byTopic.Count);
        foreach (var (topic, partitions) in byTopic)
        {
            writer.WriteString(topic);
            writer.WriteInt32(partitions.Count);
            foreach (var offset in partitions)
            {
                writer.WriteInt32(offset.Partition);
                writer.WriteInt64(offset.Offset);
                writer.WriteNullableString(offset.Metadata);
            }
        }

        return writer.ToFrame();
    }

    private static List<(string Topic, List<CommittedOffset> Partitions)> GroupByTopic(IReadOnlyList<CommittedOffset> offsets)
    {
        var topics = new List<(string Topic, List<CommittedOffset> Partitions)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var offset in offsets)
        {
            if (!index.TryGetValue(offset.Topic, out var i))
            {
                i = topics.Count;
                index.Add(offset.Topic, i);
                topics.Add((offset.Topic, []));
            }

            topics[i].Partitions.Add(offset);
        }

        return topics;
    }
}
