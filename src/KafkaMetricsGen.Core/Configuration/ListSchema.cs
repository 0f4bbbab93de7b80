namespace KafkaMetricsGen.Core.Configuration;

/// <summary>A list whose items share one schema; errors name the item as <c>path[i]</c>.</summary>
public sealed class ListSchema : ConfigSchema
{
    public ListSchema(ConfigSchema item)
    {
        Item = item;
    }

    public ConfigSchema Item { get; }

    public override string Expected => "a list of " + Plural(Item.Expected);

    public override ConfigNode? WithDefaults(ConfigNode? node)
    {
        if (node is not { Kind: ConfigNodeKind.List })
        {
            return base.WithDefaults(node);
        }

        var list = ConfigNode.List(node.Line);
        foreach (var item in node.Items)
        {
            list.Add(Item.WithDefaults(item) ?? ConfigNode.Null());
        }

        return list;
    }

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
        if (node.Kind != ConfigNodeKind.List)
        {
            WrongType(node, path, Expected, errors);
            return;
        }

        for (var i = 0; i < node.Items.Count; i++)
        {
            Item.Check(node.Items[i], ConfigNode.Index(path, i), errors);
        }
    }

    private static string Plural(string expected) =>
        expected.StartsWith("a ", StringComparison.Ordinal) ? expected[2..] + " items"
        : expected.StartsWith("an ", StringComparison.Ordinal) ? expected[3..] + " items"
        : expected;
}
