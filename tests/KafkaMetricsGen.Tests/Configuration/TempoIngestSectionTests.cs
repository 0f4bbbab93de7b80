using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Tests.Configuration;

public sealed class TempoIngestSectionTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static WorkerConfig Load(string yaml) => WorkerConfigLoader.Load(yaml, "tempo.yaml", NoEnvironment);

    [Fact]
    public void A_whole_tempo_yaml_reads_ingest_kafka_as_a_push_bytes_input_keyed_by_tenant()
    {
        var config = WorkerConfigLoader.LoadFile(TestData.Path("tempo-microservices.yaml"), NoEnvironment);

        Assert.Equal("kafka:9092", config.Kafka.BootstrapServers);
        Assert.Equal("metrics-generator", config.Kafka.ApplicationId);
        var topic = Assert.Single(config.Kafka.Topics);
        Assert.Equal("tempo-ingest", topic.Name);
        Assert.Equal(Codecs.PushBytes, topic.Codec);
        Assert.True(topic.TracePartitioned);
        Assert.Equal(3200, config.Server.HttpListenPort);
        Assert.Null(config.Effective.Get(TempoIngestSection.Key));
    }

    [Fact]
    public void Every_other_section_of_a_whole_tempo_yaml_is_reported_once_as_ignored()
    {
        var config = WorkerConfigLoader.LoadFile(TestData.Path("tempo-microservices.yaml"), NoEnvironment);

        string[] sections = ["stream_over_http_enabled", "distributor", "memberlist", "querier", "query_frontend", "storage", "block_builder", "usage_report", "live_store"];
        foreach (var section in sections)
        {
            Assert.Single(config.Ignored, i => i.Path == section && i.Message == "another Tempo module's settings");
        }

        Assert.Contains(config.Ignored, i => i.Path == "metrics_generator.storage.path");
    }

    [Fact]
    public void Tls_sasl_and_client_keys_become_librdkafka_settings()
    {
        var config = Load("""
            ingest:
              kafka:
                address: kafka:9093
                topic: tempo-ingest
                client_id: generator
                client_rack: zone-a
                consumer_group_offset_commit_interval: 2s
                tls_enabled: true
                tls_ca_path: /etc/ca.pem
                tls_cert_path: /etc/cert.pem
                tls_key_path: /etc/key.pem
                tls_insecure_skip_verify: true
                sasl_mechanism: SCRAM-SHA-512
                sasl_username: tempo
                sasl_password: secret
            """);

        Assert.Equal(TimeSpan.FromSeconds(2), config.Kafka.CommitInterval);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["client.id"] = "generator",
                ["client.rack"] = "zone-a",
                ["ssl.ca.location"] = "/etc/ca.pem",
                ["ssl.certificate.location"] = "/etc/cert.pem",
                ["ssl.key.location"] = "/etc/key.pem",
                ["enable.ssl.certificate.verification"] = "false",
                ["security.protocol"] = "SASL_SSL",
                ["sasl.mechanism"] = "SCRAM-SHA-512",
                ["sasl.username"] = "tempo",
                ["sasl.password"] = "secret",
            },
            config.Kafka.ClientConfig.ToDictionary());
    }

    [Theory]
    [InlineData("kafka: {bootstrap_servers: a:9092}\ningest: {kafka: {address: b:9092}}", "ingest.kafka.address: also set as kafka.bootstrap_servers")]
    [InlineData("kafka: {topics: [{name: spans}]}\ningest: {kafka: {topic: tempo-ingest}}", "ingest.kafka.topic: also set as kafka.topics")]
    [InlineData("kafka: {application_id: a}\ningest: {kafka: {consumer_group: b}}", "ingest.kafka.consumer_group: also set as kafka.application_id")]
    [InlineData("kafka: {client_config: {security.protocol: SSL}}\ningest: {kafka: {sasl_username: u, sasl_password: p}}", "ingest.kafka.sasl_mechanism: also set as kafka.client_config.security.protocol")]
    public void A_setting_given_both_in_ingest_kafka_and_kafka_is_an_error_naming_both(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Load(yaml));
        Assert.Contains(e.Errors, error => error.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("write_timeout: 10s")]
    [InlineData("producer_max_record_size_bytes: 1000")]
    [InlineData("producer_max_buffered_bytes: 1000")]
    [InlineData("producer_compression: lz4")]
    [InlineData("dial_timeout: 2s")]
    [InlineData("auto_create_topic_enabled: true")]
    [InlineData("auto_create_topic_default_partitions: 10")]
    [InlineData("last_produced_offset_retry_timeout: 10s")]
    [InlineData("target_consumer_lag_at_startup: 2s")]
    [InlineData("max_consumer_lag_at_startup: 15s")]
    [InlineData("disable_kafka_telemetry: true")]
    [InlineData("consumer_group_lag_metric_update_interval: 1m")]
    public void Keys_the_worker_has_no_use_for_are_reported_as_ignored_with_the_reason(string entry)
    {
        var config = Load("ingest: {kafka: {address: kafka:9092, topic: t, " + entry + "}}");
        var key = entry[..entry.IndexOf(':', StringComparison.Ordinal)];
        var ignored = Assert.Single(config.Ignored, i => i.Path == "ingest.kafka." + key);
        Assert.False(string.IsNullOrEmpty(ignored.Message));
    }

    [Fact]
    public void The_generators_otlp_codec_is_the_record_codec_of_the_ingest_topic()
    {
        var config = Load("metrics_generator: {codec: otlp}\ningest: {kafka: {address: kafka:9092, topic: tempo-ingest}}");

        var topic = Assert.Single(config.Kafka.Topics);
        Assert.Equal(Codecs.TempoOtlp, topic.Codec);
        Assert.True(topic.TracePartitioned);
        Assert.Null(config.Effective.GetSection("metrics_generator").Get("codec"));
    }

    [Fact]
    public void The_generators_codec_without_an_ingest_topic_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => Load("metrics_generator: {codec: otlp}"));
        Assert.StartsWith("metrics_generator.codec: applies to ingest.kafka.topic only", e.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_ingest_key_is_an_error_listing_the_allowed_ones()
    {
        var e = Assert.Throws<ConfigException>(() => Load("ingest: {kafka: {adress: kafka:9092}}"));
        Assert.StartsWith("ingest.kafka.adress: unknown key (allowed: address, topic,", e.Errors[0].ToString(), StringComparison.Ordinal);
    }
}
