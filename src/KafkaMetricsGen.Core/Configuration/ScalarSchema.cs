namespace KafkaMetricsGen.Core.Configuration;

/// <summary>A scalar whose text must pass a parse check (bool, integer, number, duration, string).</summary>
public sealed class ScalarSchema : ConfigSchema
{
    private readonly Func<string, bool> _isValid;

    public ScalarSchema(string expected, Func<string, bool> isValid)
    {
        Expected = expected;
        _isValid = isValid;
    }

    public override string Expected { get; }

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
        if (node.Kind != ConfigNodeKind.Scalar || !_isValid(node.Value!))
        {
            WrongType(node, path, Expected, errors);
        }
    }
}
