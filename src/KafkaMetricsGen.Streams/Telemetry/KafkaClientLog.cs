using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// librdkafka's own log lines through the worker's logger instead of stderr. Warnings and errors are rate-limited per
/// facility: an unreachable broker makes librdkafka report every reconnect attempt, which becomes one line per
/// facility and interval with the count of the lines in between. Lines of the <paramref name="quietFacilities"/> go to
/// debug whatever their level: for a client that is given settings it ignores by design.
/// </summary>
public sealed class KafkaClientLog(ILogger logger, TimeSpan? interval = null, TimeProvider? time = null, IReadOnlySet<string>? quietFacilities = null)
{
    /// <summary>The logger category of librdkafka's lines.</summary>
    public const string Category = "KafkaMetricsGen.Kafka.Client";

    /// <summary>librdkafka's facility for a setting the client type does not use.</summary>
    public const string IgnoredSettingFacility = "CONFWARN";

    private readonly RateLimitedLogger _limited = new(logger, interval, time);

    public KafkaClientLog(ILoggerFactory loggers)
        : this(loggers.CreateLogger(Category))
    {
    }

    /// <summary>For <c>SetLogHandler</c> of any Confluent.Kafka builder.</summary>
    public void Handle(IClient client, LogMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (quietFacilities?.Contains(message.Facility) == true)
        {
            logger.LogDebug("librdkafka {Facility}: {Message} ({Client})", message.Facility, message.Message, message.Name);
            return;
        }

        switch (message.Level)
        {
            case <= SyslogLevel.Warning:
                _limited.Warn("librdkafka " + message.Facility, message.Message, message.Name);
                break;
            case SyslogLevel.Debug:
                logger.LogDebug("librdkafka {Facility}: {Message} ({Client})", message.Facility, message.Message, message.Name);
                break;
            default:
                logger.LogInformation("librdkafka {Facility}: {Message} ({Client})", message.Facility, message.Message, message.Name);
                break;
        }
    }
}
