using System.Buffers.Binary;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Commit;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Topics;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;

namespace KafkaMetricsGen.Streams.Pipeline;

/// <summary>
/// Builds the worker's topology (docs/architecture.md):
/// <c>source-t → decode-t → (dead-letter-t | local-series-deltas | spans-by-trace) → generate → series-deltas →
/// aggregate (+ sink) → overflow-deltas → overflow (+ sink)</c>. The decode stage runs the processors that need no trace
/// affinity on whole records and sends only the spans the others read through <c>spans-by-trace</c>; trace-partitioned
/// inputs skip that hop and hand each batch to the generate node of the same task, which runs the others on it (all of
/// them where trace-partitioned inputs sit beside others, see <see cref="RunsWhereRecordsArrive"/>). Every node, store and internal topic is named
/// (<see cref="StreamsNames"/>), so the topology is stable across releases.
/// </summary>
public static class WorkerTopology
{
    /// <param name="stores">Keeps the RocksDB stores the topology's tasks open, so that they can be closed after a stream died with them open.</param>
    public static Streamiz.Kafka.Net.Stream.Topology Build(WorkerTopologySettings settings, PersistentStores? stores = null)
    {
        settings.Validate();
        var builder = new StreamBuilder();
        IKStream<byte[], byte[]>? routed = null;
        IKStream<byte[], byte[]>? direct = null;
        IKStream<string, byte[]>? localDeltas = null;
        var decodeInputs = 0;
        var local = RunsWhereRecordsArrive(settings);
        var seriesKeys = new string[settings.SeriesPartitions];
        for (var p = 0; p < seriesKeys.Length; p++)
        {
            seriesKeys[p] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var input in settings.Inputs)
        {
            var decodeSettings = new DecodeStageSettings
            {
                Topic = input,
                TenantHeader = settings.TenantHeader,
                DefaultTenant = settings.DefaultTenant,
                TracePartitions = settings.TracePartitions,
                Processors = local ? settings.Generate : null,
                Watermarks = local ? DecodeWatermarks(settings, decodeInputs++) : null,
            };
            var source = builder.Stream(input.Name, new ByteArraySerDes(), new ByteArraySerDes(), StreamsNames.SourcePrefix + input.Name);
            if (settings.EndOffsets is not null && settings.EndOffsets.TryGetValue(input.Name, out var ends))
            {
                source = source.Filter((_, _, ctx) => ctx.Partition >= ends.Length || ctx.Offset < ends[ctx.Partition], "bound-" + input.Name);
            }

            // Streamiz skips a record with a null key before a stateful transformer, without a trace: the OpenTelemetry
            // Collector's Kafka exporter writes keyless records. A stateless step gives them a marker key first.
            var decoded = source
                .SelectKey((key, _, _) => key ?? DecodeTransformer.KeylessKey, StreamsNames.KeylessPrefix + input.Name)
                .Transform(
                    TransformerBuilder.New<byte[], byte[], byte[], byte[]>()
                        .Transformer<DecodeTransformer>(decodeSettings)
                        .StateStore(new CommitHookStoreBuilder(DecodeTransformer.FlushStoreName(input.Name)))
                        .Build(),
                    StreamsNames.DecodePrefix + input.Name);
            var branches = decoded.Branch(
                "branch-" + input.Name,
                (key, _, ctx) => !DirectBatchHandOff.IsMarker(key) && DecodeTransformer.IsDeadLetter(ctx.Headers),
                (key, _, _) => DecodeTransformer.IsSeriesDeltas(key),
                (_, _, _) => true);
            branches[0].To(input.DeadLetterTopic, new ByteArraySerDes(), new ByteArraySerDes(), StreamsNames.DeadLetterPrefix + input.Name);
            if (input.TracePartitioned)
            {
                direct = direct is null ? branches[2] : direct.Merge(branches[2], "merge-direct-" + input.Name);
            }
            else
            {
                routed = routed is null ? branches[2] : routed.Merge(branches[2], "merge-routed-" + input.Name);
            }

            if (local)
            {
                var deltas = branches[1].Map(
                    (key, value, _) => KeyValuePair.Create(seriesKeys[DecodeTransformer.SeriesPartitionOf(key)], value),
                    StreamsNames.SeriesKeyPrefix + input.Name);
                localDeltas = localDeltas is null ? deltas : localDeltas.Merge(deltas, "merge-local-deltas-" + input.Name);
            }
        }

        IKStream<byte[], byte[]>? spans = null;
        if (routed is not null)
        {
            spans = routed.Repartition(
                Repartitioned<byte[], byte[]>.Create<ByteArraySerDes, ByteArraySerDes>()
                    .WithName(StreamsNames.SpansByTrace)
                    .WithNumberOfPartitions(settings.TracePartitions)
                    .WithStreamPartitioner((_, key, _, _, count) => new Partition(BinaryPrimitives.ReadInt32BigEndian(key) % count)));
        }

        if (direct is not null)
        {
            spans = spans is null ? direct : spans.Merge(direct, "merge-spans");
        }

        var generateSettings = new GenerateNodeSettings
        {
            Stage = settings.Generate,
            Watermarks = new UpstreamSlot(0, Upstreams(settings)),
            HopPlacement = local ? ProcessorPlacement.ByTrace : ProcessorPlacement.All,
        };
        var series = spans!
            .Transform(
                TransformerBuilder.New<byte[], byte[], string, byte[]>()
                    .Transformer<GenerateTransformer>(generateSettings)
                    .StateStore(new CommitHookStoreBuilder(StreamsNames.GenerateFlush))
                    .Build(),
                StreamsNames.Generate)
            .Repartition(BySeries(StreamsNames.SeriesDeltas, settings.SeriesPartitions));
        if (localDeltas is not null)
        {
            series = series.Merge(localDeltas.Repartition(BySeries(StreamsNames.LocalSeriesDeltas, settings.SeriesPartitions)), StreamsNames.MergeSeries);
        }

        // Every store is built without Streamiz's metered layer (UnmeteredStoreBuilder): it reads the clock twice and
        // allocates a closure per call, for sensors Streamiz records only at its DEBUG level.
        // The overflow state is a few series per tenant, so, like the edge store, it lives in memory and is restored from
        // its changelog: a RocksDB instance per overflow task would cost an open at every start and its own caches.
        series.Transform(
                TransformerBuilder.New<string, byte[], string, byte[]>()
                    .Transformer<AggregateTransformer>(settings.Aggregate)
                    .StateStore(new CommitHookStoreBuilder(StreamsNames.AggregateFlush))
                    .Build(),
                StreamsNames.Aggregate)
            .Repartition(BySeries(StreamsNames.OverflowDeltas, settings.SeriesPartitions))
            .Process(
                ProcessorBuilder.New<string, byte[]>()
                    .Processor<OverflowProcessor>(settings.Aggregate)
                    .StateStore(new UnmeteredStoreBuilder<string, byte[]>(Stores.InMemoryKeyValueStore(StreamsNames.OverflowStore), new StringSerDes(), new ByteArraySerDes())
                        .WithLoggingEnabled(new Dictionary<string, string>()))
                    .Build(),
                StreamsNames.Overflow);

        // A transformer builder takes one store; the edge store is connected by name after the commit hook, so a commit
        // flushes the hook (which writes the changed edges) before the edge store itself. Pending edges are few and live
        // for the wait time only, so the store is in memory, restored from its changelog after a restart: a RocksDB
        // store per generate task would be opened at start and flushed at every commit for a few hundred small values.
        builder.AddStateStore(
            new UnmeteredStoreBuilder<byte[], byte[]>(Stores.InMemoryKeyValueStore(StreamsNames.EdgeStore), new ByteArraySerDes(), new ByteArraySerDes())
                .WithLoggingEnabled(new Dictionary<string, string>()),
            StreamsNames.Generate);

        // Likewise the series store after the aggregate stage's hook, which writes the pending windows into it at commit.
        builder.AddStateStore(
            new UnmeteredStoreBuilder<string, byte[]>((stores ?? new PersistentStores()).RocksDb(StreamsNames.SeriesStore), new StringSerDes(), new ByteArraySerDes())
                .WithCachingEnabled(CacheSize.OfMb(16))
                .WithLoggingEnabled(new Dictionary<string, string>()),
            StreamsNames.Aggregate);
        return builder.Build();
    }

    /// <summary>
    /// True when the decode stage runs the processors that need no trace affinity: when every input is trace-partitioned
    /// or none is. The aggregate stage must know how many decode tasks report a watermark. Those of the inputs that are
    /// not trace-partitioned number the largest of their partition counts, and those of trace-partitioned inputs the
    /// generate stage's, which is the largest input's; with both kinds of input the two may differ, so every processor
    /// runs in the generate stage, on every span, and no window can wait for a decode task that does not exist.
    /// </summary>
    public static bool RunsWhereRecordsArrive(WorkerTopologySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Inputs.All(static i => !i.TracePartitioned) || settings.Inputs.All(static i => i.TracePartitioned);
    }

    /// <summary>
    /// How many tasks send deltas and watermarks to the aggregate stage: the generate tasks (one per trace partition),
    /// then, when the decode stage runs processors (<see cref="RunsWhereRecordsArrive"/>), the decode tasks of each input
    /// (one per input partition: the largest input's partition count).
    /// </summary>
    public static int Upstreams(WorkerTopologySettings settings) =>
        settings.TracePartitions + (RunsWhereRecordsArrive(settings) ? settings.Inputs.Count * settings.EffectiveInputPartitions : 0);

    private static UpstreamSlot DecodeWatermarks(WorkerTopologySettings settings, int input) =>
        new(settings.TracePartitions + (settings.EffectiveInputPartitions * input), Upstreams(settings));

    private static Repartitioned<string, byte[]> BySeries(string name, int partitions) =>
        Repartitioned<string, byte[]>.Create<StringSerDes, ByteArraySerDes>()
            .WithName(name)
            .WithNumberOfPartitions(partitions)
            .WithStreamPartitioner((_, key, _, _, count) => new Partition(int.Parse(key, System.Globalization.CultureInfo.InvariantCulture) % count));

    /// <summary>
    /// Every topic the topology reads or writes, internal ones included, with partition counts: brokers that cannot
    /// create topics on request (the embedded one) get them all before the stream starts.
    /// </summary>
    public static IReadOnlyList<TopicSpec> Topics(WorkerTopologySettings settings, string applicationId)
    {
        var topics = new List<TopicSpec>();
        foreach (var deadLetter in settings.Inputs.Select(static i => i.DeadLetterTopic).Distinct(StringComparer.Ordinal))
        {
            topics.Add(new TopicSpec(deadLetter, 1, InternalTopicConfigs.DeadLetter));
        }

        if (settings.Inputs.Any(i => !i.TracePartitioned))
        {
            topics.Add(new TopicSpec($"{applicationId}-{StreamsNames.SpansByTrace}{StreamsNames.RepartitionSuffix}", settings.TracePartitions, InternalTopicConfigs.Repartition, Owned: true));
        }

        topics.Add(new TopicSpec(StreamsNames.ChangelogTopic(applicationId, StreamsNames.EdgeStore), settings.TracePartitions, InternalTopicConfigs.Changelog, Owned: true));
        topics.Add(new TopicSpec($"{applicationId}-{StreamsNames.SeriesDeltas}{StreamsNames.RepartitionSuffix}", settings.SeriesPartitions, InternalTopicConfigs.Repartition, Owned: true));
        if (RunsWhereRecordsArrive(settings))
        {
            topics.Add(new TopicSpec(StreamsNames.RepartitionTopic(applicationId, StreamsNames.LocalSeriesDeltas), settings.SeriesPartitions, InternalTopicConfigs.Repartition, Owned: true));
        }
        topics.Add(new TopicSpec($"{applicationId}-{StreamsNames.SeriesStore}{StreamsNames.ChangelogSuffix}", settings.SeriesPartitions, InternalTopicConfigs.Changelog, Owned: true));
        topics.Add(new TopicSpec(StreamsNames.RepartitionTopic(applicationId, StreamsNames.OverflowDeltas), settings.SeriesPartitions, InternalTopicConfigs.Repartition, Owned: true));
        topics.Add(new TopicSpec(StreamsNames.ChangelogTopic(applicationId, StreamsNames.OverflowStore), settings.SeriesPartitions, InternalTopicConfigs.Changelog, Owned: true));
        return topics;
    }
}
