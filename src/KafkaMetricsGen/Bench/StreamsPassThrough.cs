using System.Diagnostics;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Stream;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// The ceilings of <c>bench throughput</c>: Kafka Streams itself, with the worker's stream configuration, reading the
/// bench topic and doing nothing with it, once straight from the input and once through one repartition hop (what the
/// worker's route-by-trace step costs before any span is looked at). The worker cannot beat these, so they tell how much
/// of the gap to the plain consumer is the framework and the broker, and how much is the worker's own work.
/// </summary>
internal sealed class StreamsPassThrough(EmbeddedKafkaBroker broker, string topic, int partitions, long records, ILoggerFactory loggers)
{
    private const string HopSuffix = "-pass-through-hop";

    /// <summary>Time from start until every record of <c>topic</c> reached a no-op, optionally through one hop.</summary>
    public async Task<TimeSpan> RunAsync(KafkaWorkerOptions options, bool throughHop, CancellationToken cancellationToken)
    {
        long seen = 0;
        var builder = new StreamBuilder();
        var source = builder.Stream<byte[], byte[], ByteArraySerDes, ByteArraySerDes>(topic);
        if (throughHop)
        {
            var hop = options.ApplicationId + HopSuffix;
            broker.CreateTopic(hop, partitions);
            source.To<ByteArraySerDes, ByteArraySerDes>(hop);
            source = builder.Stream<byte[], byte[], ByteArraySerDes, ByteArraySerDes>(hop);
        }

        source.Foreach((_, _, _) => Interlocked.Increment(ref seen));

        var watch = Stopwatch.StartNew();
        using var stream = new KafkaStream(builder.Build(), KafkaWorker.CreateConfig(options, loggers));
        await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        while (Interlocked.Read(ref seen) < records)
        {
            if (watch.Elapsed > ThroughputBenchDefaults.WorkerTimeout)
            {
                throw new TimeoutException($"Kafka Streams passed {Interlocked.Read(ref seen)} of {records} records through");
            }

            await Task.Delay(ThroughputBenchDefaults.ProgressPoll, cancellationToken).ConfigureAwait(false);
        }

        return watch.Elapsed;
    }
}
