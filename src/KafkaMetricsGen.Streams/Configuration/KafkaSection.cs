using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Sink;

namespace KafkaMetricsGen.Streams.Configuration;

/// <summary>
/// The worker's <c>kafka:</c> section: its keys, written only here, the schema that checks them with the defaults of
/// <see cref="KafkaDefaults"/>, and its binding to <see cref="KafkaOptions"/>, which validates the values.
/// </summary>
public static class KafkaSection
{
    public const string BootstrapServers = "bootstrap_servers";
    public const string ApplicationId = "application_id";
    public const string Topics = "topics";
    public const string TopicName = "name";
    public const string TopicCodec = "codec";
    public const string TopicTracePartitioned = "trace_partitioned";
    public const string TenantHeader = "tenant_header";
    public const string DefaultTenant = "default_tenant";
    public const string DeadLetterTopic = "dead_letter_topic";
    public const string StateDir = "state_dir";
    public const string ProcessingGuarantee = "processing_guarantee";
    public const string NumStreamThreads = "num_stream_threads";
    public const string CommitInterval = "commit_interval";
    public const string ClientConfig = "client_config";
    public const string MaxUnsentWindows = "max_unsent_windows";
    public const string TracePartitions = "trace_partitions";

    public static readonly SectionSchema Topic = new(
        ConfigField.Of(TopicName, ConfigSchema.String),
        ConfigField.Of(TopicCodec, ConfigSchema.OneOf("codec", [.. SpanBatchDecoders.Names]), KafkaDefaults.Codec),
        ConfigField.Of(TopicTracePartitioned, ConfigSchema.Bool));

    public static readonly SectionSchema Schema = new(
        ConfigField.Of(BootstrapServers, ConfigSchema.String, KafkaDefaults.BootstrapServers),
        ConfigField.Of(ApplicationId, ConfigSchema.String, KafkaDefaults.ApplicationId),
        new ConfigField(Topics, ConfigSchema.ListOf(Topic.Where(static n => n.Has(TopicName), "name is required")), DefaultTopics()),
        ConfigField.Of(TenantHeader, ConfigSchema.String, KafkaDefaults.TenantHeader),
        ConfigField.Of(DefaultTenant, ConfigSchema.String, KafkaDefaults.DefaultTenant),
        ConfigField.Of(DeadLetterTopic, ConfigSchema.String, string.Empty),
        ConfigField.Of(StateDir, ConfigSchema.String, KafkaDefaults.StateDir),
        ConfigField.Of(ProcessingGuarantee, ConfigSchema.OneOf("processing guarantee", ProcessingGuarantees.AtLeastOnce, ProcessingGuarantees.ExactlyOnce), KafkaDefaults.ProcessingGuarantee),
        ConfigField.Of(NumStreamThreads, ConfigSchema.PositiveInt, (long)KafkaDefaults.NumStreamThreads),
        ConfigField.Of(CommitInterval, ConfigSchema.Duration, KafkaDefaults.CommitInterval),
        ConfigField.Of(MaxUnsentWindows, ConfigSchema.PositiveInt, (long)UnsentWindowDefaults.MaxUnsentWindows),
        ConfigField.Of(TracePartitions, ConfigSchema.PositiveInt),
        new ConfigField(ClientConfig, ConfigSchema.StringMap, ConfigNode.Map()));

    private static ConfigNode DefaultTopics()
    {
        var topic = ConfigNode.Map();
        topic.Set(TopicName, ConfigNode.Scalar(KafkaDefaults.Topic));
        topic.Set(TopicCodec, ConfigNode.Scalar(KafkaDefaults.Codec));
        var list = ConfigNode.List();
        list.Add(topic);
        return list;
    }

    /// <summary>The full key path of <paramref name="key"/>, as errors name it.</summary>
    public static string Path(string key) => KafkaOptions.SectionKey + "." + key;

    /// <summary>Binds a checked section with defaults filled in.</summary>
    public static KafkaOptions Bind(ConfigNode section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var topics = new List<KafkaTopicOptions>();
        foreach (var item in section.Get(Topics)?.Items ?? [])
        {
            var codec = item.GetString(TopicCodec, KafkaDefaults.Codec);
            topics.Add(new KafkaTopicOptions
            {
                Name = item.GetString(TopicName),
                Codec = codec,
                TracePartitioned = item.GetBool(TopicTracePartitioned, KafkaTopicOptions.DefaultTracePartitioned(codec)),
            });
        }

        return new KafkaOptions
        {
            BootstrapServers = section.GetString(BootstrapServers, KafkaDefaults.BootstrapServers),
            ApplicationId = section.GetString(ApplicationId, KafkaDefaults.ApplicationId),
            Topics = topics,
            TenantHeader = section.GetString(TenantHeader, KafkaDefaults.TenantHeader),
            DefaultTenant = section.GetString(DefaultTenant, KafkaDefaults.DefaultTenant),
            DeadLetterTopic = section.GetString(DeadLetterTopic),
            StateDir = section.GetString(StateDir, KafkaDefaults.StateDir),
            ProcessingGuarantee = section.GetString(ProcessingGuarantee, KafkaDefaults.ProcessingGuarantee),
            NumStreamThreads = (int)section.GetInt(NumStreamThreads, KafkaDefaults.NumStreamThreads),
            CommitInterval = section.GetDuration(CommitInterval, KafkaDefaults.CommitInterval),
            MaxUnsentWindows = (int)section.GetInt(MaxUnsentWindows, UnsentWindowDefaults.MaxUnsentWindows),
            TracePartitions = section.Has(TracePartitions) ? (int)section.GetInt(TracePartitions, 0) : null,
            ClientConfig = section.GetStringMap(ClientConfig) ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    /// <summary>Fills <c>trace_partitioned</c> per topic from its codec so the printed configuration shows the value in force.</summary>
    public static void FillTopicDefaults(ConfigNode effective)
    {
        ArgumentNullException.ThrowIfNull(effective);
        foreach (var item in effective.Get(Topics)?.Items ?? [])
        {
            if (item.Kind == ConfigNodeKind.Map && !item.Has(TopicTracePartitioned))
            {
                var codec = item.GetString(TopicCodec, KafkaDefaults.Codec);
                item.Set(TopicTracePartitioned, ConfigNode.Scalar(ConfigScalars.Format(KafkaTopicOptions.DefaultTracePartitioned(codec))));
            }
        }
    }
}
