namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>A tenant's effective settings changed after an overrides reload; the worker rebuilds its processors.</summary>
public sealed class TenantSettingsChangedEventArgs : EventArgs
{
    public TenantSettingsChangedEventArgs(TenantSettings previous, TenantSettings current)
    {
        Previous = previous;
        Current = current;
    }

    public string Tenant => Current.Tenant;

    public TenantSettings Previous { get; }

    public TenantSettings Current { get; }
}
