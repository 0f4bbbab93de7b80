namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// A Tempo key that configures machinery the worker replaces (the generator ring, the distributor's forwarder, other
/// Tempo modules): accepted so a Tempo file loads, reported once at start with the reason, and left out of the
/// effective configuration.
/// </summary>
public sealed class IgnoredSchema : ConfigSchema
{
    private readonly string _reason;

    public IgnoredSchema(string reason) => _reason = reason;

    public override string Expected => "any value (ignored)";

    public override ConfigNode? WithDefaults(ConfigNode? node) => null;

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors) =>
        errors.Ignore(path, _reason);
}
