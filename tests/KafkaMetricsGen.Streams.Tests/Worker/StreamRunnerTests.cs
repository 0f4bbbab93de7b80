using System.Diagnostics;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;

namespace KafkaMetricsGen.Streams.Worker;

[Collection(KafkaRestartCollection.Name)]
public sealed class StreamRunnerTests(KafkaFixture kafka) : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-runner-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task A_stream_that_cannot_reach_its_brokers_is_recreated_and_counts_as_live_not_ready()
    {
        var status = new WorkerStatus();
        var bootstrap = "127.0.0.1:" + Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (failures, config) = Config(bootstrap, KafkaFixture.UniqueName("runner-down"));
        await using var runner = new StreamRunner(() => new KafkaStream(CountingTopology("spans"), config), failures, status, NullLogger.Instance);

        await runner.StartAsync();

        // Streamiz gives up creating the internal topics after about 10 s and reports ERROR; the runner creates the
        // stream anew instead of failing.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        while (runner.Recreations == 0 && watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            seen.Add(status.State);
            await Task.Delay(100);
        }

        Assert.True(runner.Recreations >= 1, $"never re-created; states seen: {string.Join(',', seen)}");
        Assert.Contains(StreamStates.Recovering, seen);
        Assert.False(runner.Failed.IsCompleted);
        Assert.True(status.IsLive);
        Assert.False(status.IsReady(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_stream_that_fails_in_the_worker_s_own_code_fails_for_good_with_the_cause()
    {
        var topic = kafka.CreateUniqueTopic("runner-bug", 1);
        var applicationId = KafkaFixture.UniqueName("runner-bug");
        await kafka.Topics.EnsureTopicsAsync([new(applicationId + "-counts-changelog", 1)]);
        var status = new WorkerStatus();
        var (failures, config) = Config(kafka.BootstrapServers, applicationId);
        var builder = new StreamBuilder();
        builder.Stream<string, byte[]>(topic).Peek((_, _, _) => throw new InvalidOperationException("a bug in a stage"));
        await using var runner = new StreamRunner(() => new KafkaStream(builder.Build(), config), failures, status, NullLogger.Instance);
        await runner.StartAsync();

        using (var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build())
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "k", Value = [1] });
        }

        var reason = await runner.Failed.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Contains("a bug in a stage", reason, StringComparison.Ordinal);
        Assert.Equal(0, runner.Recreations);
        Assert.Equal(StreamStates.Error, status.State);
        Assert.False(status.IsLive);
    }

    private (StreamFailures Failures, StreamConfig Config) Config(string bootstrap, string applicationId) =>
        WatchedStreamConfigs.Create<ByteArraySerDes>(bootstrap, applicationId, _stateDir);

    private static Topology CountingTopology(string topic)
    {
        var builder = new StreamBuilder();
        builder.Stream<string, byte[]>(topic).GroupByKey().Count(InMemory.As<string, long>("counts"));
        return builder.Build();
    }
}
