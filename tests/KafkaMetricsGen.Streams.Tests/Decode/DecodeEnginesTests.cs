using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Decode;

public sealed class DecodeEnginesTests
{
    [Fact]
    public void The_tasks_of_a_topic_on_one_thread_share_an_engine_that_goes_with_the_last_of_them()
    {
        var settings = Settings();
        var topic = KafkaFixture.UniqueName("engines");
        var first = DecodeEngines.Join(topic, settings, out var a);
        var second = DecodeEngines.Join(topic, settings, out var b);
        Assert.Same(first, second);
        Assert.Equal(2, first.Members);

        DecodeEngines.Leave(topic, settings, a);
        Assert.Equal(1, first.Members);
        Assert.Same(first, DecodeEngines.Join(topic, settings, out var c));
        DecodeEngines.Leave(topic, settings, b);
        DecodeEngines.Leave(topic, settings, c);

        // The last task took the engine with it: the next one gets a new engine.
        Assert.NotSame(first, DecodeEngines.Join(topic, settings, out var d));
        DecodeEngines.Leave(topic, settings, d);
    }

    [Fact]
    public void Other_topics_other_settings_and_other_threads_get_engines_of_their_own()
    {
        var settings = Settings();
        var topic = KafkaFixture.UniqueName("engines");
        var engine = DecodeEngines.Join(topic, settings, out var member);

        var otherTopic = DecodeEngines.Join(topic + "-other", settings, out var otherTopicMember);
        var second = Settings();
        var otherSettings = DecodeEngines.Join(topic, second, out var otherSettingsMember);
        GenerateEngine? otherThread = null;
        var thread = new Thread(() =>
        {
            otherThread = DecodeEngines.Join(topic, settings, out var m);
            DecodeEngines.Leave(topic, settings, m);
        });
        thread.Start();
        thread.Join();

        Assert.NotSame(engine, otherTopic);
        Assert.NotSame(engine, otherSettings);
        Assert.NotNull(otherThread);
        Assert.NotSame(engine, otherThread);
        Assert.Equal(1, engine.Members);
        DecodeEngines.Leave(topic, settings, member);
        DecodeEngines.Leave(topic + "-other", settings, otherTopicMember);
        DecodeEngines.Leave(topic, second, otherSettingsMember);
    }

    private static GenerateStageSettings Settings()
    {
        var config = WorkerHarness.FastConfig();
        return new GenerateStageSettings
        {
            Configs = new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics }),
            SeriesPartitions = 1,
        };
    }
}
