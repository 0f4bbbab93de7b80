using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Generate;

public sealed class GenerateEngineTests
{
    private const ulong Now = 1_700_000_000_000_000_000;

    [Fact]
    public void Each_tenant_reports_which_processors_it_runs()
    {
        var config = WorkerHarness.FastConfig();
        var engine = new GenerateEngine(new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics }), 2, TimeProvider.System);

        engine.Process(Batch("tenant-active"));

        Assert.Equal(1, GenerateMetrics.ActiveProcessors.WithLabels("tenant-active", ProcessorNames.SpanMetrics).Value);
        Assert.Equal(0, GenerateMetrics.ActiveProcessors.WithLabels("tenant-active", ProcessorNames.ServiceGraphs).Value);
        Assert.Equal(0, GenerateMetrics.ActiveProcessors.WithLabels("tenant-active", ProcessorNames.LocalBlocks).Value);
    }

    [Fact]
    public void A_rebuild_that_fails_is_counted_and_the_previous_processors_keep_counting()
    {
        var good = WorkerHarness.FastConfig();
        var configs = new Switchable(good);
        var engine = new GenerateEngine(configs, 1, TimeProvider.System);
        engine.Process(Batch("tenant-rebuild"));
        var failedBefore = GenerateMetrics.ActiveProcessorsUpdateFailed.WithLabels("tenant-rebuild").Value;

        configs.Current = WorkerHarness.FastConfig(spanMetrics: o => o.HistogramBuckets = [1, 1]);
        engine.Process(Batch("tenant-rebuild"));
        var output = new List<KeyValuePair<int, byte[]>>();
        engine.Drain(output);

        Assert.Equal(failedBefore + 1, GenerateMetrics.ActiveProcessorsUpdateFailed.WithLabels("tenant-rebuild").Value);
        Assert.Same(good, engine.Tenants["tenant-rebuild"].Config);
        Assert.NotEmpty(output);
    }

    private static Core.Ingest.SpanBatch Batch(string tenant) =>
        SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(1, Now), tenant);

    private sealed class Switchable(TenantPipelineConfig initial) : ITenantConfigSource
    {
        public TenantPipelineConfig Current { get; set; } = initial;

        public TenantPipelineConfig Get(string tenant) => Current;
    }
}
