using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Telemetry;

public sealed class KafkaClientLogTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLogger _logger = new();

    [Fact]
    public void Librdkafka_lines_of_the_workers_own_clients_are_limited_per_facility()
    {
        var log = new KafkaClientLog(_logger, TimeSpan.FromSeconds(10), _time);
        for (var i = 0; i < 50; i++)
        {
            log.Handle(null!, new LogMessage("rdkafka#producer-1", SyslogLevel.Error, "FAIL", "Connect failed"));
            log.Handle(null!, new LogMessage("rdkafka#producer-1", SyslogLevel.Error, "ERROR", "1/1 brokers are down"));
        }

        log.Handle(null!, new LogMessage("rdkafka#producer-1", SyslogLevel.Debug, "BROKER", "debug line"));
        Assert.Equal(3, _logger.Lines.Count);
        Assert.StartsWith("librdkafka FAIL: Connect failed", _logger.Lines[0].Text, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Debug, _logger.Lines[2].Level);
    }
}
