using System.Globalization;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Telemetry;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>
/// Where an at-least-once over-count comes from: per worker, the spans its decode stage received (its
/// <c>tempo_metrics_generator_spans_received_total</c>, polled until it dies) against how far the group's committed
/// input offsets moved while it ran. What a worker decoded beyond its last commit is decoded again by the next one;
/// what the total in Prometheus holds beyond that was counted twice downstream of the decode stage.
/// </summary>
public sealed partial class RunCommandCrashTests
{
    /// <summary>One worker's life: spans it decoded, committed input records when it started and when it died.</summary>
    private sealed record WorkerLife(string Phase, double Decoded, long CommittedBefore, long CommittedAfter)
    {
        public double SpansCommitted => (CommittedAfter - CommittedBefore) * (double)(SpansPerTrace * TracesPerRecord);

        /// <summary>Spans decoded beyond the worker's last commit: the next worker decodes them again.</summary>
        public double Replayed => Math.Max(0, Decoded - SpansCommitted);

        public bool Committed => CommittedAfter > CommittedBefore;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Phase}: decoded {Decoded}, committed {SpansCommitted}{(Committed ? "" : " (no commit)")}, replayed {Replayed}");
    }

    /// <summary>Polls a worker's decoded-span counter until the worker stops answering; <see cref="Last"/> is the last value read.</summary>
    private sealed class DecodedSpans : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _polling;

        public DecodedSpans(int port) => _polling = PollAsync(port, _stop.Token);

        public double Last { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _polling;
            _stop.Dispose();
        }

        private async Task PollAsync(int port, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var value = WorkerMetric(port, SelfMetricNames.SpansReceived);
                if (value > Last)
                {
                    Last = value;
                }

                try
                {
                    await Task.Delay(100, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The input records the worker's group has committed, over every partition of the input topic.</summary>
    private static long CommittedInputRecords(string bootstrap, string applicationId, int partitions)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = applicationId, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var offsets = consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(Topic, p)), TimeSpan.FromSeconds(30));
        return offsets.Sum(o => o.Offset.Value > 0 ? o.Offset.Value : 0);
    }
}
