namespace KafkaMetricsGen.Core.Configuration;

/// <summary>A string from a fixed set (case-sensitive, as Tempo compares them).</summary>
public sealed class OneOfSchema : ConfigSchema
{
    private readonly string _noun;
    private readonly string[] _allowed;

    public OneOfSchema(string noun, string[] allowed)
    {
        _noun = noun;
        _allowed = allowed;
    }

    public IReadOnlyList<string> Allowed => _allowed;

    public override string Expected => "one of " + string.Join(", ", _allowed);

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
        if (node.Kind != ConfigNodeKind.Scalar)
        {
            WrongType(node, path, "a " + _noun + " (" + Expected + ")", errors);
        }
        else if (Array.IndexOf(_allowed, node.Value) < 0)
        {
            errors.Add(path, $"\"{node.Value}\" is not a valid {_noun} (allowed: {string.Join(", ", _allowed)})");
        }
    }
}
