using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Replay;

/// <summary>
/// Turns <c>--from</c>/<c>--to</c> into offsets per input partition (timestamps through <c>OffsetsForTimes</c>,
/// clamped to what the partition holds) and seeks the replay's consumer group by committing the start offsets before
/// the stream starts.
/// </summary>
public static class ReplayPlanner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(ReplayDefaults.RequestTimeoutSeconds);

    public static IReadOnlyDictionary<string, ReplayRange[]> Plan(ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var admin = new AdminClientBuilder(Config(options)).Build();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(Config(options)) { GroupId = "kmg-replay-planner", EnableAutoCommit = false }).Build();
        var plan = new Dictionary<string, ReplayRange[]>(StringComparer.Ordinal);
        foreach (var input in options.Inputs)
        {
            var metadata = admin.GetMetadata(input.Name, Timeout);
            var topic = metadata.Topics.Single(t => t.Topic == input.Name);
            if (topic.Error.IsError)
            {
                throw new InvalidOperationException($"replay: topic {input.Name}: {topic.Error.Reason}");
            }

            var ranges = new ReplayRange[topic.Partitions.Count];
            for (var p = 0; p < ranges.Length; p++)
            {
                var tp = new TopicPartition(input.Name, new Partition(p));
                var marks = consumer.QueryWatermarkOffsets(tp, Timeout);
                var start = Resolve(consumer, tp, options.From, marks);
                var end = options.To is { } to ? Resolve(consumer, tp, to, marks) : marks.High.Value;
                ranges[p] = new ReplayRange(start, Math.Max(start, end));
            }

            plan[input.Name] = ranges;
        }

        return plan;
    }

    /// <summary>Commits each partition's start offset for <paramref name="groupId"/>, the stream's consumer group.</summary>
    public static void CommitStart(ReplayOptions options, string groupId, IReadOnlyDictionary<string, ReplayRange[]> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(Config(options)) { GroupId = groupId, EnableAutoCommit = false }).Build();
        var offsets = new List<TopicPartitionOffset>();
        foreach (var (topic, ranges) in plan)
        {
            for (var p = 0; p < ranges.Length; p++)
            {
                offsets.Add(new TopicPartitionOffset(topic, new Partition(p), new Offset(ranges[p].Start)));
            }
        }

        consumer.Commit(offsets);
    }

    /// <summary>Records of the range the group has committed past, over every partition.</summary>
    public static long RecordsDone(IConsumer<byte[], byte[]> consumer, IReadOnlyDictionary<string, ReplayRange[]> plan)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(plan);
        var partitions = new List<TopicPartition>();
        foreach (var (topic, ranges) in plan)
        {
            for (var p = 0; p < ranges.Length; p++)
            {
                if (!ranges[p].IsEmpty)
                {
                    partitions.Add(new TopicPartition(topic, new Partition(p)));
                }
            }
        }

        long done = 0;
        if (partitions.Count == 0)
        {
            return done;
        }

        foreach (var committed in consumer.Committed(partitions, Timeout))
        {
            var range = plan[committed.Topic][committed.Partition.Value];
            if (!committed.Offset.IsSpecial)
            {
                done += Math.Clamp(committed.Offset.Value - range.Start, 0, range.End - range.Start);
            }
        }

        return done;
    }

    public static ClientConfig Config(ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new ClientConfig(options.ClientConfig.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
        };
        return config;
    }

    private static long Resolve(IConsumer<byte[], byte[]> consumer, TopicPartition tp, ReplayPosition position, WatermarkOffsets marks)
    {
        long offset;
        if (position.Offset is { } o)
        {
            offset = o;
        }
        else
        {
            var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(tp, new Timestamp(position.Timestamp!.Value))], Timeout)[0];

            // No record at or after the time: the partition's end.
            offset = found.Offset.IsSpecial ? marks.High.Value : found.Offset.Value;
        }

        return Math.Clamp(offset, marks.Low.Value, marks.High.Value);
    }
}
