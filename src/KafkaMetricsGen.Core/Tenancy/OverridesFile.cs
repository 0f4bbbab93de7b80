using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>A parsed runtime overrides file: each tenant's <c>metrics_generator</c> block, <c>*</c> included.</summary>
public sealed class OverridesFile
{
    public static readonly OverridesFile Empty = new(new Dictionary<string, ConfigNode>(StringComparer.Ordinal));

    private OverridesFile(IReadOnlyDictionary<string, ConfigNode> tenants)
    {
        Tenants = tenants;
    }

    public IReadOnlyDictionary<string, ConfigNode> Tenants { get; }

    /// <summary>Parses and checks the file; every problem is reported at once in a <see cref="ConfigException"/>.</summary>
    public static OverridesFile Parse(string text, string source)
    {
        var root = YamlConfigReader.Parse(text, source);
        var errors = new ConfigErrors();
        TenantOverridesSchema.File.Check(root, string.Empty, errors);
        errors.ThrowIfAny();

        var tenants = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        foreach (var entry in root.GetSection(OverrideKeys.Overrides).Entries)
        {
            if (entry.Key.Length == 0)
            {
                errors.Add(OverrideKeys.Overrides, "tenant cannot be empty");
                continue;
            }

            tenants[entry.Key] = entry.Value.GetSection(OverrideKeys.MetricsGenerator);
        }

        errors.ThrowIfAny();
        return new OverridesFile(tenants);
    }
}
