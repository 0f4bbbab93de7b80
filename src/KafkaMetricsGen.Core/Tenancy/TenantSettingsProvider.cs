using System.Collections.Concurrent;
using System.Security.Cryptography;
using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>
/// Effective settings per tenant, kept current while running. The overrides file is polled every
/// <c>per_tenant_override_period</c> on the injected <see cref="TimeProvider"/>; it is parsed only when its content
/// hash changed. A tenant whose effective settings changed raises <see cref="Changed"/>. A failed reload keeps the
/// last good overrides, raises <see cref="ReloadFailed"/> and counts
/// <c>kafka_metrics_gen_overrides_reload_failures_total</c>; it never throws to the caller.
/// </summary>
public sealed class TenantSettingsProvider : IDisposable
{
    private readonly TenantSettingsResolver _resolver;
    private readonly OverridesOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TenantSettings> _tenants = new(StringComparer.Ordinal);
    private readonly Lock _reloadLock = new();
    private OverridesFile _file = OverridesFile.Empty;
    private byte[]? _fileHash;
    private ITimer? _timer;

    /// <summary>Loads the overrides file once; a bad file at start throws <see cref="ConfigException"/>.</summary>
    /// <param name="metricsGenerator">The checked <c>metrics_generator</c> section.</param>
    public TenantSettingsProvider(ConfigNode? metricsGenerator, OverridesOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _resolver = new TenantSettingsResolver(metricsGenerator, options.Defaults);
        if (options.PerTenantOverrideConfig is { } path)
        {
            var bytes = Read(path);
            _file = ParseFile(bytes, path);
            _fileHash = SHA256.HashData(bytes);
        }

        _resolver.Validate(_file);
    }

    /// <summary>Raised after a reload for each known tenant whose effective settings changed.</summary>
    public event EventHandler<TenantSettingsChangedEventArgs>? Changed;

    /// <summary>Raised when a reload fails; the host logs it.</summary>
    public event EventHandler<OverridesReloadFailedEventArgs>? ReloadFailed;

    public OverridesFile Overrides => Volatile.Read(ref _file);

    /// <summary>The tenant's current settings; the first call for a tenant makes it "known" for change events.</summary>
    /// <summary>
    /// The override blocks that leave their tenants without any processor, each with the reason: a tenant's block
    /// replaces <c>overrides.defaults</c> as a whole (Tempo's rule), so a block that sets only a limit silences the tenant.
    /// </summary>
    public IReadOnlyList<string> BlocksWithoutProcessors()
    {
        const string Why = ": sets no processors, so its tenants get no metrics; a tenant's block replaces overrides.defaults as a whole, so list the processors in it";
        var result = new List<string>();
        foreach (var tenant in Overrides.Tenants.Keys.Order(StringComparer.Ordinal))
        {
            if (!Get(tenant).Processors.Any)
            {
                result.Add(OverrideKeys.Overrides + "." + tenant + "." + OverrideKeys.MetricsGenerator + Why);
            }
        }

        if (!Overrides.Tenants.ContainsKey(OverrideKeys.Wildcard) && !Get(string.Empty).Processors.Any)
        {
            result.Add(OverrideKeys.Overrides + "." + OverrideKeys.Defaults + "." + OverrideKeys.MetricsGenerator + Why);
        }

        return result;
    }

    public TenantSettings Get(string tenant)
    {
        if (_tenants.TryGetValue(tenant, out var settings))
        {
            return settings;
        }

        // First sight of a tenant: resolve under the reload lock so a concurrent reload cannot leave it stale.
        lock (_reloadLock)
        {
            if (!_tenants.TryGetValue(tenant, out settings))
            {
                settings = _resolver.Resolve(tenant, _file);
                _tenants[tenant] = settings;
            }

            return settings;
        }
    }

    /// <summary>Starts polling the overrides file; does nothing without one.</summary>
    public void Start()
    {
        if (_options.PerTenantOverrideConfig is null || _timer is not null)
        {
            return;
        }

        _timer = _time.CreateTimer(static state => ((TenantSettingsProvider)state!).Reload(), this, _options.PerTenantOverridePeriod, _options.PerTenantOverridePeriod);
    }

    /// <summary>Checks the file once. Returns true when a changed file was applied. Never throws.</summary>
    public bool Reload()
    {
        var path = _options.PerTenantOverrideConfig;
        if (path is null)
        {
            return false;
        }

        List<TenantSettingsChangedEventArgs> changes = [];
        lock (_reloadLock)
        {
            try
            {
                var bytes = Read(path);
                var hash = SHA256.HashData(bytes);
                if (_fileHash is not null && hash.AsSpan().SequenceEqual(_fileHash))
                {
                    return false;
                }

                var file = ParseFile(bytes, path);
                _resolver.Validate(file);
                foreach (var tenant in _tenants.Keys)
                {
                    var previous = _tenants[tenant];
                    var current = _resolver.Resolve(tenant, file);
                    if (current.Fingerprint != previous.Fingerprint)
                    {
                        changes.Add(new TenantSettingsChangedEventArgs(previous, current));
                    }
                }

                Volatile.Write(ref _file, file);
                _fileHash = hash;
                foreach (var change in changes)
                {
                    _tenants[change.Tenant] = change.Current;
                }

                TenancyMetrics.OverridesReloads.WithLabels(path).Inc();
            }
            catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException)
            {
                TenancyMetrics.OverridesReloadFailures.WithLabels(path).Inc();
                ReloadFailed?.Invoke(this, new OverridesReloadFailedEventArgs(path, e));
                return false;
            }
        }

        foreach (var change in changes)
        {
            Changed?.Invoke(this, change);
        }

        return true;
    }

    public void Dispose() => _timer?.Dispose();

    private static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(OverrideKeys.Overrides + "." + OverrideKeys.PerTenantOverrideConfig, "cannot read " + path + ": " + e.Message);
        }
    }

    private OverridesFile ParseFile(byte[] bytes, string path)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        return OverridesFile.Parse(_options.ExpandFrom is { } from ? EnvironmentExpansion.Expand(text, from) : text, path);
    }
}
