namespace KafkaMetricsGen.Core.Configuration;

/// <summary>A schema plus a value rule (positive, ascending, URL...) checked once the type is right.</summary>
public sealed class RuleSchema : ConfigSchema
{
    private readonly ConfigSchema _inner;
    private readonly Func<ConfigNode, bool> _isValid;
    private readonly string _message;

    public RuleSchema(ConfigSchema inner, Func<ConfigNode, bool> isValid, string message)
    {
        _inner = inner;
        _isValid = isValid;
        _message = message;
    }

    /// <summary>The schema the rule refines.</summary>
    public ConfigSchema Inner => _inner;

    public override string Expected => _inner.Expected;

    public override ConfigNode? WithDefaults(ConfigNode? node) => _inner.WithDefaults(node);

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
        var before = errors.Items.Count;
        _inner.CheckValue(node, path, errors);
        if (errors.Items.Count == before && !_isValid(node))
        {
            errors.Add(path, _message);
        }
    }
}
