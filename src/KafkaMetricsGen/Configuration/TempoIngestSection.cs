using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Configuration;

namespace KafkaMetricsGen.Configuration;

/// <summary>
/// Tempo's <c>ingest.kafka</c> block, read into the worker's <c>kafka:</c> section so a whole <c>tempo.yaml</c> runs as
/// it is: the topic is consumed with Tempo's record codec (<c>push-bytes</c>, tenant = record key), the consumer group
/// becomes the application id, TLS and SASL become librdkafka client settings. Producer-side keys are reported as
/// ignored; a key also set under <c>kafka:</c> is an error, so the two never disagree silently.
/// </summary>
public static class TempoIngestSection
{
    public const string Key = "ingest";
    public const string Kafka = "kafka";
    public const string Address = "address";
    public const string Topic = "topic";
    public const string ConsumerGroup = "consumer_group";
    public const string ClientId = "client_id";
    public const string ClientRack = "client_rack";
    public const string OffsetCommitInterval = "consumer_group_offset_commit_interval";
    public const string TlsEnabled = "tls_enabled";
    public const string TlsCaPath = "tls_ca_path";
    public const string TlsCertPath = "tls_cert_path";
    public const string TlsKeyPath = "tls_key_path";
    public const string TlsInsecureSkipVerify = "tls_insecure_skip_verify";
    public const string SaslMechanism = "sasl_mechanism";
    public const string SaslUsername = "sasl_username";
    public const string SaslPassword = "sasl_password";

    private const string SecurityProtocol = "security.protocol";

    private const string ProducerSide = "the worker only consumes; Tempo's distributor produces the records";

    public static readonly SectionSchema KafkaSchema = new(
        ConfigField.Of(Address, ConfigSchema.String),
        ConfigField.Of(Topic, ConfigSchema.String),
        ConfigField.Of(ConsumerGroup, ConfigSchema.String),
        ConfigField.Of(ClientId, ConfigSchema.String),
        ConfigField.Of(ClientRack, ConfigSchema.String),
        ConfigField.Of(OffsetCommitInterval, ConfigSchema.Duration),
        ConfigField.Of(TlsEnabled, ConfigSchema.Bool),
        ConfigField.Of(TlsCaPath, ConfigSchema.String),
        ConfigField.Of(TlsCertPath, ConfigSchema.String),
        ConfigField.Of(TlsKeyPath, ConfigSchema.String),
        ConfigField.Of(TlsInsecureSkipVerify, ConfigSchema.Bool),
        ConfigField.Of(SaslMechanism, ConfigSchema.OneOf("SASL mechanism", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")),
        ConfigField.Of(SaslUsername, ConfigSchema.String),
        ConfigField.Of(SaslPassword, ConfigSchema.String),
        ConfigField.Of("dial_timeout", ConfigSchema.Ignored("librdkafka's socket.connection.setup.timeout.ms applies; set it in kafka.client_config")),
        ConfigField.Of("write_timeout", ConfigSchema.Ignored(ProducerSide)),
        ConfigField.Of("producer_max_record_size_bytes", ConfigSchema.Ignored(ProducerSide)),
        ConfigField.Of("producer_max_buffered_bytes", ConfigSchema.Ignored(ProducerSide)),
        ConfigField.Of("producer_compression", ConfigSchema.Ignored(ProducerSide)),
        ConfigField.Of("auto_create_topic_enabled", ConfigSchema.Ignored("the worker never creates the input topic")),
        ConfigField.Of("auto_create_topic_default_partitions", ConfigSchema.Ignored("the worker never creates the input topic")),
        ConfigField.Of("last_produced_offset_retry_timeout", ConfigSchema.Ignored("the worker does not wait for the last produced offset at start")),
        ConfigField.Of("target_consumer_lag_at_startup", ConfigSchema.Ignored("/ready follows the stream's state, not a lag target")),
        ConfigField.Of("max_consumer_lag_at_startup", ConfigSchema.Ignored("/ready follows the stream's state, not a lag target")),
        ConfigField.Of("disable_kafka_telemetry", ConfigSchema.Ignored("librdkafka sends no KIP-714 client metrics unless enable.metrics.push is set")),
        ConfigField.Of("consumer_group_lag_metric_update_interval", ConfigSchema.Ignored("the worker's lag gauges follow the stream's commits")));

    public static readonly SectionSchema Schema = new(
        ConfigField.Of(Kafka, KafkaSchema));

    /// <summary>
    /// Checks <c>metrics_generator.codec</c> where it can act: with <c>ingest.kafka.topic</c>, whose record codec it is.
    /// Called whether or not <c>ingest</c> is set, so a codec without it is refused rather than ignored.
    /// </summary>
    public static void CheckCodec(ConfigNode root, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(errors);
        var hasTopic = root.Kind == ConfigNodeKind.Map && root.GetSection(Key).GetSection(Kafka).Has(Topic);
        if (!hasTopic && root.Kind == ConfigNodeKind.Map && root.GetSection(MetricsGeneratorSchema.Key).Has(MetricsGeneratorSchema.Codec))
        {
            errors.Add(CodecPath, "applies to ingest.kafka.topic only; set kafka.topics[].codec for the worker's own topics");
        }
    }

    private const string CodecPath = MetricsGeneratorSchema.Key + "." + MetricsGeneratorSchema.Codec;

    private static string CodecOf(ConfigNode root, ConfigErrors errors)
    {
        var node = root.GetSection(MetricsGeneratorSchema.Key).Get(MetricsGeneratorSchema.Codec);
        if (node is null || node.IsNull)
        {
            return Codecs.PushBytes;
        }

        var schema = ((TranslatedSchema)MetricsGeneratorSchema.Section.Field(MetricsGeneratorSchema.Codec)!.Schema).Inner;
        var before = errors.Items.Count;
        schema.Check(node, CodecPath, errors);
        return errors.Items.Count == before ? node.Value! : Codecs.PushBytes;
    }

    /// <summary>
    /// Reads <c>ingest.kafka</c> (if set) into <paramref name="root"/>'s <c>kafka:</c> section, checking it first; errors and
    /// ignored keys go to <paramref name="errors"/>.
    /// </summary>
    public static void Apply(ConfigNode root, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(errors);
        var ingest = root.Kind == ConfigNodeKind.Map ? root.Get(Key) : null;
        if (ingest is null || ingest.IsNull)
        {
            return;
        }

        var before = errors.Items.Count;
        Schema.Check(ingest, Key, errors);
        if (errors.Items.Count != before)
        {
            return;
        }

        var source = ingest.GetSection(Kafka);
        var codec = CodecOf(root, errors);
        var kafka = root.Get(KafkaOptions.SectionKey) is { Kind: ConfigNodeKind.Map } existing ? existing : ConfigNode.Map();
        var clientConfig = kafka.Get(KafkaSection.ClientConfig) is { Kind: ConfigNodeKind.Map } map ? map : ConfigNode.Map();
        void Move(string from, ConfigNode target, string to, string? value = null)
        {
            if (!source.Has(from))
            {
                return;
            }

            var targetPath = target == clientConfig ? KafkaSection.Path(KafkaSection.ClientConfig) + "." + to : KafkaSection.Path(to);
            if (target.Has(to))
            {
                errors.Add(Key + "." + Kafka + "." + from, "also set as " + targetPath + "; keep one of the two");
                return;
            }

            target.Set(to, ConfigNode.Scalar(value ?? source.GetString(from)));
        }

        Move(Address, kafka, KafkaSection.BootstrapServers);
        Move(ConsumerGroup, kafka, KafkaSection.ApplicationId);
        Move(OffsetCommitInterval, kafka, KafkaSection.CommitInterval);
        if (source.Has(Topic))
        {
            if (kafka.Has(KafkaSection.Topics))
            {
                errors.Add(Key + "." + Kafka + "." + Topic, "also set as " + KafkaSection.Path(KafkaSection.Topics) + "; keep one of the two");
            }
            else
            {
                var topic = ConfigNode.Map();
                topic.Set(KafkaSection.TopicName, ConfigNode.Scalar(source.GetString(Topic)));
                topic.Set(KafkaSection.TopicCodec, ConfigNode.Scalar(codec));
                var topics = ConfigNode.List();
                topics.Add(topic);
                kafka.Set(KafkaSection.Topics, topics);
            }
        }

        Move(ClientId, clientConfig, "client.id");
        Move(ClientRack, clientConfig, "client.rack");
        Move(TlsCaPath, clientConfig, "ssl.ca.location");
        Move(TlsCertPath, clientConfig, "ssl.certificate.location");
        Move(TlsKeyPath, clientConfig, "ssl.key.location");
        if (source.GetBool(TlsInsecureSkipVerify))
        {
            Move(TlsInsecureSkipVerify, clientConfig, "enable.ssl.certificate.verification", "false");
        }

        var tls = source.GetBool(TlsEnabled);
        var sasl = source.Has(SaslMechanism) || source.Has(SaslUsername);
        if ((tls || sasl) && clientConfig.Has(SecurityProtocol))
        {
            errors.Add(Key + "." + Kafka + "." + (sasl ? SaslMechanism : TlsEnabled), "also set as " + KafkaSection.Path(KafkaSection.ClientConfig) + "." + SecurityProtocol + "; keep one of the two");
        }
        else if (tls || sasl)
        {
            clientConfig.Set(SecurityProtocol, ConfigNode.Scalar(sasl ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : "SSL"));
        }

        Move(SaslMechanism, clientConfig, "sasl.mechanism");
        Move(SaslUsername, clientConfig, "sasl.username");
        Move(SaslPassword, clientConfig, "sasl.password");
        if (clientConfig.Entries.Count > 0)
        {
            kafka.Set(KafkaSection.ClientConfig, clientConfig);
        }

        if (kafka.Entries.Count > 0)
        {
            root.Set(KafkaOptions.SectionKey, kafka);
        }
    }
}
