using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Tests.Hosting;

public sealed class TopologyCompositionTests
{
    private static readonly StaticTenantConfigSource Configs = new(new TenantPipelineConfig { Registry = new RegistryOptions() });

    [Fact]
    public void Every_stage_gets_the_same_partitions_and_tenant_settings()
    {
        var sinks = new LatestValuesSink();
        var settings = TopologyComposition.Create(new TopologyParts { Inputs = [new InputTopic("spans", "otlp_proto")], Partitions = 6, Configs = Configs, Sinks = sinks });

        Assert.Equal(6, settings.TracePartitions);
        Assert.Equal(6, settings.SeriesPartitions);
        Assert.Equal(12, WorkerTopology.Upstreams(settings));
        Assert.Equal(6, settings.Generate.SeriesPartitions);
        Assert.Same(Configs, settings.Generate.Configs);
        Assert.Same(Configs, settings.Aggregate.Configs);
        Assert.Same(sinks, settings.Aggregate.Sinks);
        Assert.Equal(GenerateEngine.DefaultIdleAfter, settings.Generate.IdleAfter);
        Assert.Equal(GenerateEngine.DefaultIdleLag, settings.Generate.IdleLag);
    }

    [Fact]
    public void Series_partitions_and_idle_times_given_apart_reach_the_stages()
    {
        var settings = TopologyComposition.Create(new TopologyParts
        {
            Inputs = [new InputTopic("spans", "otlp_proto")],
            Partitions = 66,
            SeriesPartitions = 4,
            Configs = Configs,
            Sinks = new LatestValuesSink(),
            IdleAfter = TimeSpan.FromSeconds(1),
            IdleLag = TimeSpan.FromSeconds(2),
        });

        Assert.Equal(66, settings.TracePartitions);
        Assert.Equal(4, settings.SeriesPartitions);
        Assert.Equal(4, settings.Generate.SeriesPartitions);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Generate.IdleAfter);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Generate.IdleLag);
    }

    [Fact]
    public void Trace_partitions_given_apart_size_the_hop_and_every_input_keeps_its_decode_tasks()
    {
        var settings = TopologyComposition.Create(new TopologyParts
        {
            Inputs = [new InputTopic("spans", "otlp_proto"), new InputTopic("more", "otlp_json")],
            Partitions = 6,
            TracePartitions = 2,
            Configs = Configs,
            Sinks = new LatestValuesSink(),
        });

        Assert.Equal(2, settings.TracePartitions);
        Assert.Equal(6, settings.EffectiveInputPartitions);
        Assert.Equal(6, settings.SeriesPartitions);

        // Two generate tasks, then six decode tasks per input, each reporting its own watermark.
        Assert.Equal(2 + (2 * 6), WorkerTopology.Upstreams(settings));
        Assert.Equal(2, WorkerTopology.Topics(settings, "app").Single(t => t.Name == "app-spans-by-trace-repartition").Partitions);
    }
}
