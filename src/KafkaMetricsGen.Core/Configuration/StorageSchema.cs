
namespace KafkaMetricsGen.Core.Configuration;

/// <summary><c>metrics_generator.storage</c> keys and defaults; the <c>remote_write</c> items are <see cref="RemoteWriteSchema"/>.</summary>
public static class StorageSchema
{
    public const string Path = "path";
    public const string Wal = "wal";
    public const string RemoteWriteFlushDeadline = "remote_write_flush_deadline";
    public const string RemoteWriteAddOrgIdHeader = "remote_write_add_org_id_header";
    public const string RemoteWrite = "remote_write";

    /// <summary>Why Tempo's remote-write WAL keys are ignored.</summary>
    public const string NoWalReason =
        "the worker keeps no remote-write WAL: windows waiting for the receiver are held in memory";

    public static readonly SectionSchema Section = new(
        ConfigField.Of(Path, ConfigSchema.Ignored(NoWalReason)),
        ConfigField.Of(Wal, ConfigSchema.Ignored(NoWalReason)),
        ConfigField.Of(RemoteWriteFlushDeadline, ConfigSchema.NonNegativeDuration, TimeSpan.FromMinutes(1)),
        ConfigField.Of(RemoteWriteAddOrgIdHeader, ConfigSchema.Bool, true),
        new ConfigField(RemoteWrite, ConfigSchema.ListOf(RemoteWriteSchema.Entry.Where(static n => n.Has(RemoteWriteSchema.Url), "url is required")), ConfigNode.List()));

    public static bool IsHttpUrl(string value) => RemoteWriteSchema.IsHttpUrl(value);
}
