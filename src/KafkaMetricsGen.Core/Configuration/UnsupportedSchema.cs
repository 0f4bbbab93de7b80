namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// A key Tempo has whose behaviour the worker does not provide: setting it fails the check with the reason, so a
/// configuration never carries a setting that silently does nothing.
/// </summary>
public sealed class UnsupportedSchema : ConfigSchema
{
    private readonly string _reason;

    public UnsupportedSchema(string reason) => _reason = reason;

    public override string Expected => "nothing (not supported)";

    public override ConfigNode? WithDefaults(ConfigNode? node) => null;

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors) =>
        errors.Add(path, "not supported: " + _reason + "; remove the key");
}
