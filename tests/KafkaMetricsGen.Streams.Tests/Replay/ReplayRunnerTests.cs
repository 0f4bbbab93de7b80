using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Guarantees;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Replay;

[Collection(KafkaRestartCollection.Name)]
public sealed class ReplayRunnerTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-replay-").FullName;

    [Fact]
    public async Task A_replay_from_offset_zero_reproduces_the_totals_with_historical_timestamps_and_stops_by_itself()
    {
        const int traces = 15;
        var topic = kafka.CreateUniqueTopic("history", Partitions);
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        var sent = SpanRecords.Produce(kafka, topic, Partitions, traces, seed: 3, (ulong)(hourAgo - DateTimeOffset.UnixEpoch).Ticks * 100UL);
        var sink = new LatestValuesSink();
        var input = new InputTopic(topic, Codecs.OtlpProto);
        var status = new WorkerStatus();
        var topology = WorkerHarness.Topology([input], Partitions, WorkerHarness.FastConfig(), sink, status);
        var options = new ReplayOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            Inputs = [input],
            From = ReplayPosition.AtOffset(0),
            BaseApplicationId = KafkaFixture.UniqueName("live"),
            StateDir = _stateDir,
            SessionTimeoutMs = KafkaTestDefaults.SessionTimeoutMs,
            CommitIntervalMs = 200,

            // Progress is read from the group's committed offsets, which the embedded broker loses under exactly_once.
            ProcessingGuarantee = KafkaWorkerDefaults.AtLeastOnce,
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var run = ReplayRunner.RunAsync(options, topology, kafka.Topics, status, WorkerHarness.Loggers(), cancellationToken: timeout.Token);
        var result = await run;

        Assert.StartsWith(options.BaseApplicationId + ReplayDefaults.ApplicationIdInfix, result.ApplicationId, StringComparison.Ordinal);
        Assert.Equal(sent, result.Records);
        Assert.Equal(traces * SyntheticTraceDefaults.SpansPerTrace, SinkTotals.Total(sink, SinkTotals.Calls));
        Assert.Equal(traces, SinkTotals.Edge(sink, "checkout", "payments"));
        var latest = sink.Tenants.SelectMany(sink.Samples).Where(s => s.Metric == SinkTotals.Calls).Max(s => s.TimestampMs);
        // Samples carry the replayed hour's timestamps: every series is written at each window end until it goes stale
        // (stale_duration after its last span), an hour before now.
        Assert.InRange(latest, hourAgo.AddMinutes(-5).ToUnixTimeMilliseconds(), hourAgo.AddMinutes(20).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Positions_parse_as_offsets_or_timestamps()
    {
        Assert.Equal(ReplayPosition.AtOffset(42), ReplayPosition.Parse("42", "--from"));
        Assert.Equal(ReplayPosition.AtTime(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), ReplayPosition.Parse("2026-01-02T03:04:05Z", "--from"));
        var error = Assert.Throws<ArgumentException>(() => ReplayPosition.Parse("yesterday", "--to"));
        Assert.StartsWith("--to:", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
