using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>The <c>overrides:</c> section of the main configuration (Tempo's shape).</summary>
public sealed class OverridesOptions
{
    /// <summary><c>overrides.defaults.metrics_generator</c>: used by tenants without an entry of their own (nor a <c>*</c> entry).</summary>
    public ConfigNode Defaults { get; init; } = ConfigNode.Map();

    /// <summary><c>overrides.per_tenant_override_config</c>: path of the runtime overrides file, reloaded while running.</summary>
    public string? PerTenantOverrideConfig { get; init; }

    /// <summary><c>overrides.per_tenant_override_period</c>: how often the file is checked for changes.</summary>
    public TimeSpan PerTenantOverridePeriod { get; init; } = OverridesDefaults.PerTenantOverridePeriod;

    /// <summary>
    /// With <c>--config.expand-env</c>: the variables <c>${VAR}</c>, <c>${VAR:-default}</c> and <c>$VAR</c> in the
    /// overrides file are replaced from, at start and at every reload (see <see cref="EnvironmentExpansion"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExpandFrom { get; init; }

    /// <summary>Checks and binds the section; <paramref name="path"/> prefixes every error (<c>overrides</c>).</summary>
    /// <param name="expandFrom">With <c>--config.expand-env</c>: the variables the overrides file is expanded from.</param>
    public static OverridesOptions Bind(ConfigNode? section, string path = OverrideKeys.Overrides, IReadOnlyDictionary<string, string>? expandFrom = null)
    {
        var errors = new ConfigErrors();
        TenantOverridesSchema.Section.Check(section, path, errors);
        errors.ThrowIfAny();
        var effective = TenantOverridesSchema.Section.WithDefaults(section)!;
        var file = effective.GetString(OverrideKeys.PerTenantOverrideConfig);
        var options = new OverridesOptions
        {
            Defaults = effective.GetSection(OverrideKeys.Defaults).GetSection(OverrideKeys.MetricsGenerator).Clone(),
            PerTenantOverrideConfig = file.Length == 0 ? null : file,
            PerTenantOverridePeriod = effective.GetDuration(OverrideKeys.PerTenantOverridePeriod, OverridesDefaults.PerTenantOverridePeriod),
            ExpandFrom = expandFrom,
        };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (PerTenantOverridePeriod <= TimeSpan.Zero)
        {
            throw new ConfigException(OverrideKeys.Overrides + "." + OverrideKeys.PerTenantOverridePeriod, "must be > 0");
        }
    }
}
