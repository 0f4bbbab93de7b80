using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Configuration;

namespace KafkaMetricsGen.Configuration;

/// <summary>The checked, bound configuration of one worker process.</summary>
public sealed class WorkerConfig
{
    /// <summary>The <c>metrics_generator</c> section with Tempo's defaults filled in; per-tenant values come from <see cref="TenantSettingsProvider"/>.</summary>
    public required ConfigNode MetricsGenerator { get; init; }

    /// <summary><c>metrics_generator.registry</c> as the registry takes it (per-tenant values: <see cref="TenantSettings.RegistryOptions"/>).</summary>
    public required RegistryOptions Registry { get; init; }

    /// <summary><c>metrics_generator.storage</c> remote-write endpoints.</summary>
    public required RemoteWriteOptions RemoteWrite { get; init; }

    public required KafkaOptions Kafka { get; init; }

    public required OverridesOptions Overrides { get; init; }

    public required ServerOptions Server { get; init; }

    /// <summary>The whole effective configuration (file + environment + defaults), as <c>config check</c> prints it.</summary>
    public required ConfigNode Effective { get; init; }

    /// <summary>Tempo keys the file sets for machinery the worker replaces, each with the reason; logged once at start.</summary>
    public IReadOnlyList<ConfigError> Ignored { get; init; } = [];

    /// <summary>Creates the per-tenant settings provider; throws <see cref="ConfigException"/> for a bad overrides file.</summary>
    public TenantSettingsProvider CreateTenantSettings(TimeProvider time) => new(MetricsGenerator, Overrides, time);
}
