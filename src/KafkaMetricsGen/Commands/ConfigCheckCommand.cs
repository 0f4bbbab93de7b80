using System.CommandLine;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Tenancy;

namespace KafkaMetricsGen.Commands;

/// <summary>
/// <c>config check --config FILE [--overrides FILE]</c>: validates the configuration (and the per-tenant overrides
/// file) without starting anything; prints the effective configuration with defaults filled in, or every error and
/// exits 2. Secrets (passwords, tokens, client secrets, credential headers) are printed as <c>&lt;secret&gt;</c>.
/// </summary>
public static class ConfigCheckCommand
{
    public const int ExitOk = ExitCodes.Ok;
    public const int ExitInvalid = ExitCodes.Usage;

    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Configuration file (YAML, Tempo's shape plus kafka: and server:)", Required = true };
        var overrides = new Option<string?>("--overrides") { Description = "Per-tenant overrides file; default: overrides.per_tenant_override_config" };
        var expandEnv = ExpandEnvOption.Create();
        var check = new Command("check", "Validate the configuration and print the effective configuration, defaults filled in.");
        check.Options.Add(config);
        check.Options.Add(overrides);
        check.Options.Add(expandEnv);
        check.SetAction((result, _) => Task.FromResult(Run(
            result.GetValue(config)!, result.GetValue(overrides), EnvironmentOverrides.FromProcess(), Console.Out, Console.Error,
            result.GetValue(expandEnv) ? EnvironmentExpansion.FromProcess() : null)));

        var command = new Command("config", "Configuration tools.");
        command.Subcommands.Add(check);
        return command;
    }

    /// <summary>The command body, with its inputs and outputs passed in so tests need no console.</summary>
    /// <param name="expandFrom">With <c>--config.expand-env</c>: the variables <c>${VAR}</c> in the file are replaced from.</param>
    public static int Run(
        string configPath, string? overridesPath, IReadOnlyDictionary<string, string> environment, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string>? expandFrom = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var config = WorkerConfigLoader.LoadFile(configPath, environment, expandFrom);
            var overridesOptions = overridesPath is null
                ? config.Overrides
                : new OverridesOptions { Defaults = config.Overrides.Defaults, PerTenantOverrideConfig = overridesPath, PerTenantOverridePeriod = config.Overrides.PerTenantOverridePeriod, ExpandFrom = expandFrom };
            using var provider = new TenantSettingsProvider(config.MetricsGenerator, overridesOptions, TimeProvider.System);

            foreach (var ignored in config.Ignored)
            {
                output.WriteLine("# ignored: " + ignored);
            }

            output.WriteLine("# effective configuration (file, KMG_ environment variables and defaults)");
            output.Write(YamlConfigWriter.Write(ConfigSecrets.Redact(config.Effective)));
            output.WriteLine("---");
            output.WriteLine("# effective per-tenant settings (\"*\" = every tenant not listed)");
            output.Write(YamlConfigWriter.Write(ConfigSecrets.Redact(TenantTable(provider))));
            foreach (var warning in provider.BlocksWithoutProcessors())
            {
                output.WriteLine("# warning: " + warning);
            }

            return ExitOk;
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Errors)
            {
                error.WriteLine("error: " + problem);
            }

            return ExitInvalid;
        }
    }

    private static ConfigNode TenantTable(TenantSettingsProvider provider)
    {
        var tenants = ConfigNode.Map();
        foreach (var tenant in provider.Overrides.Tenants.Keys.Order(StringComparer.Ordinal))
        {
            tenants.Set(tenant, provider.Get(tenant).Effective);
        }

        if (!provider.Overrides.Tenants.ContainsKey(OverrideKeys.Wildcard))
        {
            // No wildcard entry: every other tenant gets overrides.defaults. The name below is one no tenant can use.
            tenants.Set(OverrideKeys.Wildcard, provider.Get(string.Empty).Effective);
        }

        var root = ConfigNode.Map();
        root.Set("tenants", tenants);
        return root;
    }
}
