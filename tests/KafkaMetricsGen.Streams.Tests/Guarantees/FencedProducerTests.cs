using System.Collections.Concurrent;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit.Kafka;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Guarantees;

/// <summary>
/// A stream thread whose producer another producer with the same transactional id fenced: Streamiz closes every task
/// as a zombie (flushing and checkpointing their stores, aborted writes included), resets its producer and rejoins its
/// group. Under exactly-once the local state must then be deleted before the next assignment, so the stores restore
/// what was committed, and the totals stay exact.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class FencedProducerTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-fenced-").FullName;

    public void Dispose() => WorkerHarness.DeleteQuietly(_dir);

    [Fact]
    public async Task A_fenced_stream_thread_restores_its_stores_from_the_changelogs_and_counts_exactly()
    {
        var topic = kafka.CreateUniqueTopic("fenced", Partitions);
        var app = KafkaFixture.UniqueName("app");
        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto, false)], Partitions, WorkerHarness.FastConfig(), sink);
        var log = new CapturingLoggers();
        const int first = 30;
        const int second = 40;
        const int expected = (first + second) * SyntheticTraceDefaults.SpansPerTrace;
        WorkerHarness.ProduceTraces(kafka, topic, first);

        StreamizProcessIds.ForgetStateDirectory();
        await using (await KafkaWorker.StartAsync(WorkerHarness.Options(kafka, app, _dir, KafkaWorkerDefaults.ExactlyOnce), topology, kafka.Topics, new WorkerStatus(), log))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= first * SyntheticTraceDefaults.SpansPerTrace, TimeSpan.FromSeconds(60)), log.Text());

            // Traces keep flowing while a second producer takes over the stream thread's transactional id.
            var trickle = Task.Run(() => WorkerHarness.ProduceTraces(kafka, topic, second, tracesPerSecond: 10));
            await Task.Delay(TimeSpan.FromSeconds(1));
            var id = StreamThreadTransactionalId(app);
            using (var usurper = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, TransactionalId = id }).Build())
            {
                usurper.InitTransactions(TimeSpan.FromSeconds(30));
            }

            await trickle;
            Assert.True(
                await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= expected && log.Contains(StateDeleted), TimeSpan.FromSeconds(90)),
                $"calls={SinkTotals.Total(sink, SinkTotals.Calls)} expected={expected}\n{log.Text()}");

            // Further windows closing must not add anything.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.True(SinkTotals.Total(sink, SinkTotals.Calls) == expected, $"calls={SinkTotals.Total(sink, SinkTotals.Calls)} expected={expected}\n{log.Text()}");
            Assert.Equal(first + second, SinkTotals.Edge(sink, "checkout", "payments"));
        }
    }

    private const string StateDeleted = "deleted the local state";

    /// <summary>
    /// Streamiz's transactional id of the first stream thread: application id, process id (kept in the state directory),
    /// then the thread's name, which starts with the lower-cased application id and the process id again.
    /// </summary>
    private string StreamThreadTransactionalId(string app)
    {
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "streamiz-process-metadata")));
        var processId = file.RootElement.GetProperty("processId").GetString();
        return $"{app}-{processId}-{app.ToLowerInvariant()}-{processId}-stream-thread-0";
    }

    /// <summary>Keeps every log line of the worker (and the console's when <c>KMG_TEST_LOG=1</c>).</summary>
    private sealed class CapturingLoggers : ILoggerFactory, ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly ILoggerFactory _console = WorkerHarness.Loggers();

        public bool Contains(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

        public string Text() => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, _console.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose() => _console.Dispose();

        private sealed class Logger(string category, ConcurrentQueue<string> lines, ILogger console) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ": " + exception.Message + ")")}");
                }

                console.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
