using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Topics;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// Adds stages 1 and 2 to a topology: for each input topic that is not trace-partitioned, source (byte serdes, so
/// decoding failures are our code path) → decode and route-by-trace → either the dead-letter topic (original record
/// and headers plus <see cref="DeadLetterHeaders"/>) or the spans-by-trace topic, one sub-batch per target partition.
/// </summary>
public static class IngestTopology
{
    /// <summary>Adds the ingest nodes and returns the topics the generate stage reads (spans-by-trace and trace-partitioned inputs).</summary>
    public static IReadOnlyList<string> Build(StreamBuilder builder, IngestOptions options, Func<string, ISpanBatchDecoder> decoders)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decoders);
        options.Validate();

        var spansByTrace = SpansByTraceTopic(options);
        var generateInputs = new List<string>();
        foreach (var topic in options.Topics)
        {
            if (topic.IsTracePartitioned)
            {
                generateInputs.Add(topic.Name);
                continue;
            }

            if (!generateInputs.Contains(spansByTrace))
            {
                generateInputs.Insert(0, spansByTrace);
            }

            AddRoutedInput(builder, options, topic, decoders, spansByTrace);
        }

        return generateInputs;
    }

    /// <summary>The runtime name of the spans-by-trace topic.</summary>
    public static string SpansByTraceTopic(IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StreamsNames.RepartitionTopic(options.ApplicationId, StreamsNames.SpansByTrace);
    }

    /// <summary>Topics the ingest stages write to, for a <see cref="ITopicProvisioner"/> to create before the stream starts.</summary>
    public static IReadOnlyList<TopicSpec> OutputTopics(IngestOptions options, int deadLetterPartitions = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [new TopicSpec(SpansByTraceTopic(options), options.TracePartitions), new TopicSpec(options.DeadLetterTopic, deadLetterPartitions)];
    }

    private static void AddRoutedInput(StreamBuilder builder, IngestOptions options, InputTopicOptions topic, Func<string, ISpanBatchDecoder> decoders, string spansByTrace)
    {
        // Decoders and routers reuse buffers, so each stream thread gets its own.
        var routers = new ThreadLocal<TraceRouter>(() => new TraceRouter(topic, options, decoders(topic.Codec)));
        var outputs = new ThreadLocal<List<RoutedRecord>>(() => []);

        var branches = builder
            .Stream(topic.Name, new ByteArraySerDes(), new ByteArraySerDes(), StreamsNames.SourcePrefix + topic.Name)
            .FlatMap<RoutedRecord, byte[]>((key, value, context) => Route(routers.Value!, outputs.Value!, topic.Name, key, value, context), StreamsNames.ForTopic(StreamsNames.Decode, topic.Name))
            .Branch(StreamsNames.ForTopic(StreamsNames.DecodeBranch, topic.Name), (k, _, _) => k.IsDeadLetter, (_, _, _) => true);

        branches[0]
            .Map((k, v, _) => KeyValuePair.Create(k.Key!, v), StreamsNames.ForTopic(StreamsNames.DeadLetter + "-map", topic.Name))
            .To(options.DeadLetterTopic, new ByteArraySerDes(), new ByteArraySerDes(), StreamsNames.ForTopic(StreamsNames.DeadLetter, topic.Name));

        branches[1]
            .Map((k, v, _) => KeyValuePair.Create(k.Key!, v), StreamsNames.ForTopic(StreamsNames.RouteByTrace, topic.Name))
            .To(spansByTrace, PartitionByBucket, new ByteArraySerDes(), new ByteArraySerDes(), StreamsNames.ForTopic(StreamsNames.SpansByTrace, topic.Name));
    }

    private static List<KeyValuePair<RoutedRecord, byte[]>> Route(
        TraceRouter router, List<RoutedRecord> outputs, string topic, byte[]? key, byte[]? value, IRecordContext context)
    {
        outputs.Clear();
        router.Route(key, value ?? [], context.Headers, context.Timestamp, outputs);
        var result = new List<KeyValuePair<RoutedRecord, byte[]>>(outputs.Count);
        foreach (var r in outputs)
        {
            if (r.IsDeadLetter)
            {
                context.SetHeaders(DeadLetterHeadersFor(context.Headers, topic, r));
            }

            result.Add(KeyValuePair.Create(r, r.Value));
        }

        return result;
    }

    private static Headers DeadLetterHeadersFor(Headers? original, string topic, RoutedRecord record)
    {
        var headers = new Headers();
        if (original is not null)
        {
            foreach (var h in original)
            {
                headers.Add(h.Key, h.GetValueBytes());
            }
        }

        headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(record.FailureReason ?? string.Empty));
        headers.Add(DeadLetterHeaders.Detail, Encoding.UTF8.GetBytes(record.FailureDetail ?? string.Empty));
        headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(topic));
        return headers;
    }

    private static Partition PartitionByBucket(string topic, byte[] key, byte[] value, Partition sourcePartition, int partitions)
    {
        var bucket = TraceRouteKey.ReadBucket(key);
        return new Partition(bucket < 0 ? 0 : bucket % partitions);
    }
}
