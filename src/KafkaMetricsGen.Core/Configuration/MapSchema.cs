namespace KafkaMetricsGen.Core.Configuration;

/// <summary>A map with free keys (headers, client config, tenants) whose values share one schema.</summary>
public sealed class MapSchema : ConfigSchema
{
    public MapSchema(ConfigSchema value)
    {
        Value = value;
    }

    public ConfigSchema Value { get; }

    public override string Expected => "a map";

    public override ConfigNode? WithDefaults(ConfigNode? node)
    {
        if (node is not { Kind: ConfigNodeKind.Map })
        {
            return base.WithDefaults(node);
        }

        var map = ConfigNode.Map(node.Line);
        foreach (var entry in node.Entries)
        {
            map.Set(entry.Key, Value.WithDefaults(entry.Value) ?? ConfigNode.Null());
        }

        return map;
    }

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
        if (node.Kind != ConfigNodeKind.Map)
        {
            WrongType(node, path, Expected, errors);
            return;
        }

        foreach (var entry in node.Entries)
        {
            Value.Check(entry.Value, ConfigNode.Join(path, entry.Key), errors);
        }
    }
}
