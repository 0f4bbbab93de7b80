using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Pipeline;

[Collection(KafkaCollection.Name)]
public sealed class TenantReloadTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-reload-").FullName;

    [Fact]
    public async Task Changing_one_tenants_dimensions_while_running_adds_the_label_for_that_tenant_only_and_keeps_its_counters()
    {
        var topic = kafka.CreateUniqueTopic("reload", Partitions);
        var plain = WorkerHarness.FastConfig();
        var configs = new SwitchableConfigSource(plain);
        var sink = new LatestValuesSink();
        var topology = new WorkerTopologySettings
        {
            Inputs = [new InputTopic(topic, Codecs.OtlpProto)],
            TracePartitions = Partitions,
            SeriesPartitions = Partitions,
            Generate = new Generate.GenerateStageSettings { Configs = configs, SeriesPartitions = Partitions },
            Aggregate = new Aggregate.AggregateStageSettings { Configs = configs, SeriesPartitions = Partitions, Sinks = sink },
        };

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir), topology))
        {
            WorkerHarness.ProduceTraces(kafka, topic, 5, "tenant-a");
            WorkerHarness.ProduceTraces(kafka, topic, 5, "tenant-b");
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, "tenant-a") >= 55 && Calls(sink, "tenant-b") >= 55, TimeSpan.FromSeconds(60)), "first traces not counted");
            Assert.DoesNotContain(sink.Samples("tenant-a"), s => s.Label("http_method") is not null);

            configs.Set("tenant-a", WorkerHarness.FastConfig(spanMetrics: o => o.Dimensions.Add("http.method")));
            WorkerHarness.ProduceTraces(kafka, topic, 5, "tenant-a");
            WorkerHarness.ProduceTraces(kafka, topic, 5, "tenant-b");
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, "tenant-a") >= 110 && Calls(sink, "tenant-b") >= 110, TimeSpan.FromSeconds(60)), "second traces not counted");
        }

        Assert.Contains(sink.Samples("tenant-a"), s => s.Metric == "traces_spanmetrics_calls_total" && s.Label("http_method") == "POST");
        Assert.DoesNotContain(sink.Samples("tenant-b"), s => s.Label("http_method") is not null);

        // Series without the new label still exist with their earlier counts: nothing was reset.
        Assert.Equal(110, Calls(sink, "tenant-a"));
        Assert.Equal(110, Calls(sink, "tenant-b"));
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    private static double Calls(LatestValuesSink sink, string tenant) =>
        sink.Samples(tenant).Where(s => s.Metric == "traces_spanmetrics_calls_total").Sum(s => s.Value);

    /// <summary>Per-tenant settings that a test changes while the worker runs, as an overrides reload does.</summary>
    private sealed class SwitchableConfigSource(TenantPipelineConfig initial) : ITenantConfigSource
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TenantPipelineConfig> _configs = new();

        public TenantPipelineConfig Get(string tenant) => _configs.GetValueOrDefault(tenant, initial);

        public void Set(string tenant, TenantPipelineConfig config) => _configs[tenant] = config;
    }
}
