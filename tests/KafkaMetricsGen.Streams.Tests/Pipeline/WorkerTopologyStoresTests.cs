using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Pipeline;

public sealed class WorkerTopologyStoresTests
{
    [Fact]
    public void The_generate_stage_flushes_its_commit_hook_before_the_edge_store()
    {
        // Streamiz flushes a task's stores in this order at commit; the hook writes the changed edges into the
        // edge-store, which must be flushed after it to carry them into the same commit.
        var description = Describe();

        Assert.Contains($"Processor: {StreamsNames.Generate} (stores: [{StreamsNames.GenerateFlush},{StreamsNames.EdgeStore}])", description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_aggregate_stage_flushes_its_commit_hook_before_the_series_store()
    {
        // The hook writes the pending windows into the series store's cache; the store's flush after it carries them
        // into the same commit.
        var description = Describe();

        Assert.Contains($"Processor: {StreamsNames.Aggregate} (stores: [{StreamsNames.AggregateFlush},{StreamsNames.SeriesStore}])", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_decode_stage_has_its_own_commit_hook()
    {
        var description = Describe(new InputTopic("a", Codecs.OtlpProto), new InputTopic("b", Codecs.OtlpJson));

        Assert.Contains($"Processor: {StreamsNames.DecodePrefix}a (stores: [{DecodeTransformer.FlushStoreName("a")}])", description, StringComparison.Ordinal);
        Assert.Contains($"Processor: {StreamsNames.DecodePrefix}b (stores: [{DecodeTransformer.FlushStoreName("b")}])", description, StringComparison.Ordinal);
    }

    private static string Describe(params InputTopic[] inputs)
    {
        IReadOnlyList<InputTopic> topics = inputs.Length == 0 ? [new InputTopic("spans", Codecs.OtlpProto)] : inputs;
        var settings = WorkerHarness.Topology(topics, 2, WorkerHarness.FastConfig(), new LatestValuesSink());
        return WorkerTopology.Build(settings).Describe().ToString() ?? string.Empty;
    }
}
