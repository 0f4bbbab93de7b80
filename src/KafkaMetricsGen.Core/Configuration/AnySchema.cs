namespace KafkaMetricsGen.Core.Configuration;

/// <summary>Accepts any value unchanged.</summary>
public sealed class AnySchema : ConfigSchema
{
    public override string Expected => "any value";

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
    }
}
