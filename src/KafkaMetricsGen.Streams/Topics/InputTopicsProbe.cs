using Confluent.Kafka;
using KafkaMetricsGen.Streams.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Topics;

/// <summary>
/// Reads the input topics' partition counts, the count the internal topics get. <see cref="WaitAsync"/> retries with
/// backoff while Kafka is unreachable or an input topic is missing, logging one line per attempt that names the key to
/// check, so a worker started before Kafka (compose, Kubernetes) comes up by itself.
/// </summary>
public sealed class InputTopicsProbe(string bootstrapServers, IReadOnlyDictionary<string, string> clientConfig, ILogger logger, KafkaClientLog? clientLog = null, TimeProvider? time = null)
{
    /// <summary>How long one metadata request may wait for the cluster.</summary>
    public static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The first retry delay; it doubles up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public const string BootstrapServersKey = "kafka.bootstrap_servers";
    public const string TopicsKey = "kafka.topics";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The largest partition count of <paramref name="topics"/>; throws when Kafka or a topic is missing.</summary>
    public int Read(IEnumerable<string> topics, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var config = new AdminClientConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)) { BootstrapServers = bootstrapServers };
        var builder = new AdminClientBuilder(config);
        if (clientLog is not null)
        {
            builder.SetLogHandler(clientLog.Handle);
        }

        using var admin = builder.Build();
        var max = 0;
        foreach (var topic in topics)
        {
            Metadata metadata;
            try
            {
                metadata = admin.GetMetadata(topic, timeout);
            }
            catch (KafkaException e)
            {
                throw new KafkaUnreachableException($"{BootstrapServersKey}: cannot reach Kafka at {bootstrapServers} ({e.Error.Reason})", e);
            }

            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (found is null || found.Error.IsError || found.Partitions.Count == 0)
            {
                throw new InvalidOperationException($"{TopicsKey}: input topic '{topic}' does not exist on {bootstrapServers} (create it first)");
            }

            max = Math.Max(max, found.Partitions.Count);
        }

        return max;
    }

    /// <summary><see cref="Read"/>, retried with backoff until it succeeds or <paramref name="cancellationToken"/> fires.</summary>
    public async Task<int> WaitAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        var delay = FirstBackoff;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // A metadata request cannot be cancelled; a stop abandons it.
                return await Task.Run(() => Read(topics, MetadataTimeout), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KafkaUnreachableException or InvalidOperationException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                logger.LogWarning("{Problem}; retrying in {Delay}s", e.Message, (int)delay.TotalSeconds);
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, delay.Ticks * 2));
        }
    }
}
