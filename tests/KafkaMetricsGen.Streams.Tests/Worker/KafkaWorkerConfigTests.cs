using Confluent.Kafka;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Streams.Worker;

public sealed class KafkaWorkerConfigTests
{
    [Fact]
    public void Client_settings_with_enumerated_values_reach_the_stream_config()
    {
        var options = Options(new Dictionary<string, string>
        {
            ["security.protocol"] = "SASL_SSL",
            ["sasl.mechanism"] = "SCRAM-SHA-512",
            ["compression.type"] = "lz4",
            ["sasl.username"] = "user",
            ["linger.ms"] = "20",
            ["enable.ssl.certificate.verification"] = "false",
        });

        var config = KafkaWorker.CreateConfig(options, NullLoggerFactory.Instance);

        Assert.Equal(Confluent.Kafka.SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(Confluent.Kafka.SaslMechanism.ScramSha512, config.SaslMechanism);
        Assert.Equal(Confluent.Kafka.CompressionType.Lz4, config.CompressionType);
        Assert.Equal("user", config.SaslUsername);
        Assert.Equal(20, config.LingerMs);
        Assert.False(config.EnableSslCertificateVerification);
    }

    [Fact]
    public void The_worker_settings_reach_the_stream_config()
    {
        var options = new KafkaWorkerOptions
        {
            BootstrapServers = "127.0.0.1:9092",
            ApplicationId = "app",
            StateDir = Path.GetTempPath(),
            ClientConfig = new Dictionary<string, string>(),
            Threads = 3,
            CommitIntervalMs = 250,
            ProcessingGuarantee = KafkaWorkerDefaults.ExactlyOnce,
        };

        var config = KafkaWorker.CreateConfig(options, NullLoggerFactory.Instance);

        Assert.Equal("127.0.0.1:9092", config.BootstrapServers);
        Assert.Equal("app", config.ApplicationId);
        Assert.Equal(Path.GetTempPath(), config.StateDir);
        Assert.Equal(3, config.NumStreamThreads);
        Assert.Equal(250, config.CommitIntervalMs);
        Assert.Equal(Streamiz.Kafka.Net.ProcessingGuarantee.EXACTLY_ONCE, config.Guarantee);
    }

    [Fact]
    public void A_value_the_setting_cannot_take_names_the_key_and_the_choices()
    {
        var options = Options(new Dictionary<string, string> { ["security.protocol"] = "tls" });

        var e = Assert.Throws<ConfigException>(() => KafkaWorker.CreateConfig(options, NullLoggerFactory.Instance));

        Assert.Contains("kafka.client_config.security.protocol", e.Message, StringComparison.Ordinal);
        Assert.Contains("SaslSsl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_main_and_restore_consumers_fetch_again_soon_after_a_full_queue_and_wait_briefly_for_data()
    {
        var config = KafkaWorker.CreateConfig(Options(new Dictionary<string, string>()), NullLoggerFactory.Instance);

        foreach (var consumer in new[] { config.ToConsumerConfig("main"), config.ToRestoreConsumerConfig("restore"), config.ToGlobalConsumerConfig("global") })
        {
            Assert.Equal(StreamClientDefaults.FetchQueueBackoffMs, consumer.FetchQueueBackoffMs);
            Assert.Equal(StreamClientDefaults.FetchWaitMaxMs, consumer.FetchWaitMaxMs);
            Assert.True(consumer.SocketNagleDisable);
        }

        Assert.True(config.ToProducerConfig("producer").SocketNagleDisable);
    }

    [Fact]
    public void The_worker_defaults_are_10_ms_backoff_100_ms_fetch_wait_and_no_nagle()
    {
        Assert.Equal(10, StreamClientDefaults.FetchQueueBackoffMs);
        Assert.Equal(100, StreamClientDefaults.FetchWaitMaxMs);
        Assert.True(StreamClientDefaults.SocketNagleDisable);
    }

    [Fact]
    public void Exactly_once_producers_get_a_five_minute_transaction_timeout_unless_client_config_names_one()
    {
        var exactlyOnce = new KafkaWorkerOptions { BootstrapServers = "127.0.0.1:9092", ProcessingGuarantee = KafkaWorkerDefaults.ExactlyOnce, ClientConfig = new Dictionary<string, string>() };
        var named = new KafkaWorkerOptions { BootstrapServers = "127.0.0.1:9092", ProcessingGuarantee = KafkaWorkerDefaults.ExactlyOnce, ClientConfig = new Dictionary<string, string> { [StreamClientDefaults.TransactionTimeoutKey] = "60000" } };

        Assert.Equal(300_000, StreamClientDefaults.TransactionTimeoutMs);
        Assert.Equal(StreamClientDefaults.TransactionTimeoutMs, KafkaWorker.CreateConfig(exactlyOnce, NullLoggerFactory.Instance).ToProducerConfig("p").TransactionTimeoutMs);
        Assert.Equal(60_000, KafkaWorker.CreateConfig(named, NullLoggerFactory.Instance).ToProducerConfig("p").TransactionTimeoutMs);
        var atLeastOnce = new KafkaWorkerOptions { BootstrapServers = "127.0.0.1:9092", ProcessingGuarantee = KafkaWorkerDefaults.AtLeastOnce, ClientConfig = new Dictionary<string, string>() };
        Assert.Null(KafkaWorker.CreateConfig(atLeastOnce, NullLoggerFactory.Instance).ToProducerConfig("p").TransactionTimeoutMs);
    }

    [Fact]
    public void The_producer_compresses_with_lz4_unless_client_config_names_a_codec()
    {
        Assert.Equal(CompressionType.Lz4, StreamClientDefaults.Compression);
        foreach (var guarantee in new[] { KafkaWorkerDefaults.AtLeastOnce, KafkaWorkerDefaults.ExactlyOnce })
        {
            var unnamed = new KafkaWorkerOptions { BootstrapServers = "127.0.0.1:9092", ProcessingGuarantee = guarantee, ClientConfig = new Dictionary<string, string>() };
            var named = new KafkaWorkerOptions { BootstrapServers = "127.0.0.1:9092", ProcessingGuarantee = guarantee, ClientConfig = new Dictionary<string, string> { [StreamClientDefaults.CompressionTypeKey] = "none" } };

            Assert.Equal(CompressionType.Lz4, KafkaWorker.CreateConfig(unnamed, NullLoggerFactory.Instance).ToProducerConfig("p").CompressionType);
            Assert.Equal(CompressionType.None, KafkaWorker.CreateConfig(named, NullLoggerFactory.Instance).ToProducerConfig("p").CompressionType);
        }
    }

    [Fact]
    public void Client_config_overrides_the_worker_consumer_defaults()
    {
        var options = Options(new Dictionary<string, string>
        {
            [StreamClientDefaults.FetchQueueBackoffKey] = "1000",
            [StreamClientDefaults.FetchWaitMaxKey] = "500",
            [StreamClientDefaults.SocketNagleDisableKey] = "false",
        });

        var config = KafkaWorker.CreateConfig(options, NullLoggerFactory.Instance);

        foreach (var consumer in new[] { config.ToConsumerConfig("main"), config.ToRestoreConsumerConfig("restore") })
        {
            Assert.Equal(1000, consumer.FetchQueueBackoffMs);
            Assert.Equal(500, consumer.FetchWaitMaxMs);
            Assert.False(consumer.SocketNagleDisable);
        }
    }

    [Fact]
    public void A_session_timeout_in_client_config_wins_and_sets_the_heartbeat()
    {
        var config = KafkaWorker.CreateConfig(Options(new Dictionary<string, string> { ["session.timeout.ms"] = "4000" }), NullLoggerFactory.Instance);

        Assert.Equal(4000, config.SessionTimeoutMs);
        Assert.Equal(666, config.HeartbeatIntervalMs);
        Assert.Equal(4000, config.ToConsumerConfig("main").SessionTimeoutMs);

        config = KafkaWorker.CreateConfig(Options(new Dictionary<string, string> { ["session.timeout.ms"] = "4000", ["heartbeat.interval.ms"] = "1000" }), NullLoggerFactory.Instance);
        Assert.Equal(1000, config.HeartbeatIntervalMs);

        config = KafkaWorker.CreateConfig(Options(new Dictionary<string, string>()), NullLoggerFactory.Instance);
        Assert.Equal(KafkaWorkerDefaults.SessionTimeoutMs, config.SessionTimeoutMs);
    }

    private static KafkaWorkerOptions Options(IReadOnlyDictionary<string, string> clientConfig) => new()
    {
        BootstrapServers = "127.0.0.1:9092",
        ApplicationId = "app",
        StateDir = Path.GetTempPath(),
        ClientConfig = clientConfig,
    };
}
