namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// A key Tempo has whose behaviour the worker does not provide: setting it fails the check with the reason, so a
/// configuration never carries a setting that silently does nothing. When the key has an off value (a limit of 0),
/// that value is accepted, since it asks for what the worker does, and is left out of the effective configuration.
/// </summary>
public sealed class UnsupportedSchema : ConfigSchema
{
    private readonly string _reason;
    private readonly ConfigSchema? _offType;
    private readonly Func<ConfigNode, bool>? _isOff;
    private readonly string? _off;

    public UnsupportedSchema(string reason, ConfigSchema? offType = null, Func<ConfigNode, bool>? isOff = null, string? off = null)
    {
        _reason = reason;
        _offType = offType;
        _isOff = isOff;
        _off = off;
    }

    public override string Expected => _off is null ? "nothing (not supported)" : _off;

    public override ConfigNode? WithDefaults(ConfigNode? node) => null;

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
        if (_offType is not null)
        {
            var before = errors.Items.Count;
            _offType.CheckValue(node, path, errors);
            if (errors.Items.Count != before || _isOff!(node))
            {
                return;
            }
        }

        errors.Add(path, "not supported: " + _reason + (_off is null ? "; remove the key" : "; remove the key or set " + _off));
    }
}
