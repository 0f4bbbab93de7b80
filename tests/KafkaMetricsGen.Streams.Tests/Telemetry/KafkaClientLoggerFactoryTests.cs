using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Streams.Telemetry;

public sealed class KafkaClientLoggerFactoryTests
{
    [Fact]
    public void Streamizs_librdkafka_adapter_gets_the_limited_logger_and_other_categories_do_not()
    {
        using var factory = new KafkaClientLoggerFactory(NullLoggerFactory.Instance);
        Assert.IsType<RateLimitedLevelLogger>(factory.CreateLogger(KafkaClientLoggerFactory.AdapterCategory));
        Assert.IsNotType<RateLimitedLevelLogger>(factory.CreateLogger("Streamiz.Kafka.Net.KafkaStream"));
    }
}
