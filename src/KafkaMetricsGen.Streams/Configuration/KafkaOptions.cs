using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Sink;

namespace KafkaMetricsGen.Streams.Configuration;

/// <summary>The worker's <c>kafka:</c> section: where spans come from and how the stream runs.</summary>
public sealed class KafkaOptions
{
    public const string SectionKey = "kafka";

    /// <summary>The key path of <see cref="ClientConfig"/> in error messages.</summary>
    public const string ClientConfigPath = SectionKey + "." + KafkaSection.ClientConfig;

    /// <summary><c>bootstrap_servers</c>: <c>host:port[,host:port]</c>.</summary>
    public string BootstrapServers { get; init; } = KafkaDefaults.BootstrapServers;

    /// <summary><c>application_id</c>: consumer group and internal topic prefix.</summary>
    public string ApplicationId { get; init; } = KafkaDefaults.ApplicationId;

    /// <summary><c>topics</c>: input topics, at least one.</summary>
    public IReadOnlyList<KafkaTopicOptions> Topics { get; init; } = [];

    /// <summary><c>tenant_header</c>: record header holding the tenant of OTLP records; empty = always the default tenant.</summary>
    public string TenantHeader { get; init; } = KafkaDefaults.TenantHeader;

    /// <summary><c>default_tenant</c>: tenant of OTLP records without the header.</summary>
    public string DefaultTenant { get; init; } = KafkaDefaults.DefaultTenant;

    /// <summary><c>dead_letter_topic</c>: where undecodable records of every input go; empty = <c>{input}-dead-letter</c> per input.</summary>
    public string DeadLetterTopic { get; init; } = string.Empty;

    /// <summary><c>state_dir</c>: RocksDB state directory.</summary>
    public string StateDir { get; init; } = KafkaDefaults.StateDir;

    /// <summary><c>processing_guarantee</c>: <c>at_least_once</c> or <c>exactly_once</c>.</summary>
    public string ProcessingGuarantee { get; init; } = KafkaDefaults.ProcessingGuarantee;

    /// <summary><c>num_stream_threads</c>.</summary>
    public int NumStreamThreads { get; init; } = KafkaDefaults.NumStreamThreads;

    /// <summary><c>commit_interval</c>.</summary>
    public TimeSpan CommitInterval { get; init; } = KafkaDefaults.CommitInterval;

    /// <summary>
    /// <c>max_unsent_windows</c>: closed windows each aggregate task keeps in its state store until remote write sent
    /// them, so they survive a crash; past it the oldest stops being kept (counted).
    /// </summary>
    public int MaxUnsentWindows { get; init; } = UnsentWindowDefaults.MaxUnsentWindows;

    /// <summary>
    /// <c>trace_partitions</c>: partitions of the spans-by-trace topic, and so generate tasks; null: as many as the
    /// largest input topic (as Kafka Streams sizes a repartition topic). The count caps how many stream threads, over all
    /// instances, share that stage. Only for inputs that cross the hop: a trace-partitioned input runs that stage in its
    /// own tasks.
    /// </summary>
    public int? TracePartitions { get; init; }

    /// <summary><c>client_config</c>: librdkafka properties passed through unchanged (SASL, TLS, timeouts).</summary>
    public IReadOnlyDictionary<string, string> ClientConfig { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool ExactlyOnce => ProcessingGuarantee == ProcessingGuarantees.ExactlyOnce;

    /// <summary>Throws <see cref="ConfigException"/> listing every invalid key as <c>kafka.&lt;key&gt;</c>.</summary>
    public void Validate()
    {
        var errors = new ConfigErrors();
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            errors.Add(KafkaSection.Path(KafkaSection.BootstrapServers), "must not be empty");
        }

        if (!IsValidTopicName(ApplicationId))
        {
            errors.Add(KafkaSection.Path(KafkaSection.ApplicationId), "must be 1-249 characters of a-z, A-Z, 0-9, '.', '_', '-'");
        }

        if (Topics.Count == 0)
        {
            errors.Add(KafkaSection.Path(KafkaSection.Topics), "at least one input topic is required");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Topics.Count; i++)
        {
            var topic = Topics[i];
            var path = KafkaSection.Path(KafkaSection.Topics) + "[" + i + "]";
            if (!IsValidTopicName(topic.Name))
            {
                errors.Add(path + ".name", "must be 1-249 characters of a-z, A-Z, 0-9, '.', '_', '-'");
            }
            else if (!seen.Add(topic.Name))
            {
                errors.Add(path + ".name", "topic \"" + topic.Name + "\" is listed twice");
            }

            if (!SpanBatchDecoders.Names.Contains(topic.Codec))
            {
                errors.Add(path + ".codec", $"\"{topic.Codec}\" is not a valid codec (allowed: {string.Join(", ", SpanBatchDecoders.Names)})");
            }
            else if (!KafkaTopicOptions.TenantInKey(topic.Codec) && TenantHeader.Length == 0 && DefaultTenant.Length == 0)
            {
                errors.Add(path + ".codec", "OTLP records need kafka.tenant_header or kafka.default_tenant to name their tenant");
            }

            if (topic.Name == DeadLetterTopic)
            {
                errors.Add(KafkaSection.Path(KafkaSection.DeadLetterTopic), "must differ from the input topics");
            }
        }

        if (DeadLetterTopic.Length > 0 && !IsValidTopicName(DeadLetterTopic))
        {
            errors.Add(KafkaSection.Path(KafkaSection.DeadLetterTopic), "must be 1-249 characters of a-z, A-Z, 0-9, '.', '_', '-'");
        }

        if (ProcessingGuarantee is not (ProcessingGuarantees.AtLeastOnce or ProcessingGuarantees.ExactlyOnce))
        {
            errors.Add(KafkaSection.Path(KafkaSection.ProcessingGuarantee), $"\"{ProcessingGuarantee}\" is not a valid processing guarantee (allowed: {ProcessingGuarantees.AtLeastOnce}, {ProcessingGuarantees.ExactlyOnce})");
        }

        ClientConfigValues.Validate(ClientConfig, errors);
        if (NumStreamThreads < 1)
        {
            errors.Add(KafkaSection.Path(KafkaSection.NumStreamThreads), "must be >= 1");
        }
        else if (NumStreamThreads > 1)
        {
            // Two stream threads in one process count some service-graph edges twice after the start-up rebalance, under
            // both guarantees, and share each tenant's remote-write encoder, which is not made for that.
            errors.Add(
                KafkaSection.Path(KafkaSection.NumStreamThreads),
                "must be 1: with more stream threads in one process the totals are not exact; run more instances in the consumer group instead (each with its own kafka.state_dir)");
        }

        if (MaxUnsentWindows < 1)
        {
            errors.Add(KafkaSection.Path(KafkaSection.MaxUnsentWindows), "must be >= 1 (windows kept per aggregate task until sent)");
        }

        if (TracePartitions is { } tracePartitions)
        {
            if (tracePartitions < 1)
            {
                errors.Add(KafkaSection.Path(KafkaSection.TracePartitions), "must be >= 1");
            }
            else if (Topics.FirstOrDefault(static t => t.TracePartitioned) is { } declared)
            {
                errors.Add(
                    KafkaSection.Path(KafkaSection.TracePartitions),
                    $"topic \"{declared.Name}\" is trace_partitioned, so its spans skip the spans-by-trace topic and its partitions are the trace partitions; remove the key (or the topic's trace_partitioned)");
            }
        }

        if (CommitInterval <= TimeSpan.Zero)
        {
            errors.Add(KafkaSection.Path(KafkaSection.CommitInterval), "must be > 0");
        }

        if (string.IsNullOrWhiteSpace(StateDir))
        {
            errors.Add(KafkaSection.Path(KafkaSection.StateDir), "must not be empty");
        }

        foreach (var key in KafkaDefaults.ReservedClientConfigKeys)
        {
            if (ClientConfig.ContainsKey(key))
            {
                errors.Add("kafka.client_config." + key, "is set by the worker (use kafka.bootstrap_servers, kafka.application_id, kafka.processing_guarantee)");
            }
        }

        errors.ThrowIfAny();
    }

    private static bool IsValidTopicName(string name)
    {
        if (name.Length is 0 or > 249 || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
