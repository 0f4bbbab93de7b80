using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Topics;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Hosting;

/// <summary>
/// Runs the worker under the generic host. The topology comes from <paramref name="topology"/>, which waits for Kafka
/// (meanwhile <c>/ready</c> answers 503). A stream that reaches ERROR stops the host with exit code 1 and the reason;
/// SIGTERM stops the stream (commit, store checkpoints) within the flush deadline (a stream whose broker does not answer
/// is left behind, see <see cref="StreamLeftBehind"/>) and then flushes remote write within the flush deadline.
/// </summary>
public sealed class WorkerHostedService(
    KafkaWorkerOptions options,
    Func<CancellationToken, Task<WorkerTopologySettings>> topology,
    ITopicProvisioner topics,
    WorkerStatus status,
    RemoteWriteSinks sinks,
    TimeSpan flushDeadline,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime,
    Action<KafkaWorker>? started = null) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<WorkerHostedService>();
    private KafkaWorker? _worker;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var settings = await topology(stoppingToken).ConfigureAwait(false);
            _worker = await KafkaWorker.StartAsync(options, settings, topics, status, loggers, stoppingToken).ConfigureAwait(false);
            started?.Invoke(_worker);
            var failed = await Task.WhenAny(_worker.Failed, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
            if (failed == _worker.Failed)
            {
                Fail(await _worker.Failed.ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is Confluent.Kafka.KafkaException or ArgumentException or InvalidOperationException)
        {
            Fail(e.Message);
        }
    }

    /// <summary>
    /// True when the stream did not stop within the flush deadline at shutdown (Kafka did not answer): its threads are
    /// still there and keep the process alive, so the caller must end the process.
    /// </summary>
    public bool StreamLeftBehind { get; private set; }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_worker is not null && !await _worker.StopAsync(flushDeadline).ConfigureAwait(false))
        {
            StreamLeftBehind = true;
            _logger.LogError(
                "the Kafka stream did not stop within the flush deadline ({Seconds:0}s; Kafka does not answer): exiting without its final commit, the input since its last commit is processed again at the next start",
                flushDeadline.TotalSeconds);
        }

        if (!await sinks.FlushAsync(flushDeadline).ConfigureAwait(false))
        {
            _logger.LogWarning("remote write still had {Windows} windows pending at shutdown; they stay in the state store and are sent at the next start", sinks.PendingWindows);
        }
    }

    private void Fail(string reason)
    {
        _logger.LogCritical("worker stopped: {Reason}", reason);
        Console.Error.WriteLine("error: " + reason);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }
}
