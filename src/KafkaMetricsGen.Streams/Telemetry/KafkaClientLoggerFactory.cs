using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// The logger factory Streamiz gets: its adapter of librdkafka's log lines (<see cref="AdapterCategory"/>) is
/// rate-limited like the worker's own Kafka clients (<see cref="KafkaClientLog"/>), so a broker lost while the stream
/// runs costs one line per level and interval instead of one per reconnect attempt of every client. Other categories
/// pass through. Disposing does not dispose the wrapped factory, which belongs to the host.
/// </summary>
public sealed class KafkaClientLoggerFactory(ILoggerFactory inner, TimeSpan? interval = null, TimeProvider? time = null) : ILoggerFactory
{
    /// <summary>Streamiz's category for librdkafka's lines.</summary>
    public const string AdapterCategory = "Streamiz.Kafka.Net.Kafka.KafkaLoggerAdapter";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == AdapterCategory
            ? new RateLimitedLevelLogger(inner.CreateLogger(categoryName), interval ?? TelemetryDefaults.LogRateLimit, time ?? TimeProvider.System)
            : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
    }
}
