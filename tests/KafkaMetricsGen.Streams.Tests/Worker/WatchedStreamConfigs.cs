using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// The stream config of tests that run a small topology of their own against the embedded broker: string keys, a short
/// session (the broker answers a rejoin once the old member's session ran out), and the worker's
/// <see cref="StreamFailures"/> attached, as the worker attaches them to its own stream.
/// </summary>
internal static class WatchedStreamConfigs
{
    public static (StreamFailures Failures, StreamConfig<StringSerDes, TValueSerDes> Config) Create<TValueSerDes>(
        string bootstrap, string applicationId, string stateDir)
        where TValueSerDes : ISerDes, new()
    {
        var config = new StreamConfig<StringSerDes, TValueSerDes>
        {
            ApplicationId = applicationId,
            BootstrapServers = bootstrap,
            StateDir = stateDir,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 1000,
            Logger = NullLoggerFactory.Instance,
        };
        var failures = new StreamFailures();
        failures.Attach(config);
        return (failures, config);
    }
}
