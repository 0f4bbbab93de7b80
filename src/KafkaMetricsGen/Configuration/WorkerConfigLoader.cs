using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Configuration;

namespace KafkaMetricsGen.Configuration;

/// <summary>
/// YAML file + <c>KMG_</c> environment variables → <see cref="WorkerConfig"/>. Every problem is collected and thrown
/// together as a <see cref="ConfigException"/>, each naming its key path and what is allowed.
/// </summary>
public static class WorkerConfigLoader
{
    /// <param name="expandFrom">With <c>--config.expand-env</c>: the variables <c>${VAR}</c> in the file are replaced from.</param>
    public static WorkerConfig LoadFile(string path, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyDictionary<string, string>? expandFrom = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, "cannot read the configuration file: " + e.Message);
        }

        return Load(expandFrom is null ? text : EnvironmentExpansion.Expand(text, expandFrom), path, environment, expandFrom);
    }

    /// <param name="expandFrom">With <c>--config.expand-env</c>: the overrides file is expanded from these too (the text
    /// given here is expanded already).</param>
    public static WorkerConfig Load(string yaml, string source, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyDictionary<string, string>? expandFrom = null)
    {
        var root = YamlConfigReader.Parse(yaml, source);
        var errors = new ConfigErrors();
        if (environment is not null)
        {
            EnvironmentOverrides.Apply(root, environment, errors);
        }

        TempoIngestSection.CheckCodec(root, errors);
        TempoIngestSection.Apply(root, errors);
        WorkerConfigSchema.Check(root, errors);
        errors.ThrowIfAny();

        var effective = WorkerConfigSchema.Root.WithDefaults(root)!;
        var kafkaSection = effective.GetSection(KafkaOptions.SectionKey);
        KafkaSection.FillTopicDefaults(kafkaSection);

        var kafka = KafkaSection.Bind(kafkaSection);
        var server = ServerOptions.Bind(effective.GetSection(ServerOptions.SectionKey));
        OverridesOptions? overrides = null;
        errors.Capture(KafkaOptions.SectionKey, kafka.Validate);
        errors.Capture(ServerOptions.SectionKey, server.Validate);
        errors.Capture(OverrideKeys.Overrides, () => overrides = OverridesOptions.Bind(root.Get(OverrideKeys.Overrides), expandFrom: expandFrom));
        errors.ThrowIfAny();

        // The stages validate their own values: the processors and registry through a tenant without overrides,
        // remote write directly.
        var metricsGenerator = effective.GetSection(MetricsGeneratorSchema.Key);
        var remoteWrite = OptionsBinder.RemoteWrite(metricsGenerator.GetSection(MetricsGeneratorSchema.Storage));
        errors.Capture(string.Empty, () => new TenantSettingsResolver(metricsGenerator, overrides!.Defaults).Validate(OverridesFile.Empty));
        errors.Capture(string.Empty, remoteWrite.Validate);
        errors.ThrowIfAny();

        return new WorkerConfig
        {
            MetricsGenerator = metricsGenerator,
            Registry = OptionsBinder.Registry(metricsGenerator.GetSection(MetricsGeneratorSchema.Registry)),
            RemoteWrite = remoteWrite,
            Kafka = kafka,
            Overrides = overrides!,
            Server = server,
            Effective = effective,
            Ignored = errors.Ignored,
        };
    }
}
