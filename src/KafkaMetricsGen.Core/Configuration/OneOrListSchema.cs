namespace KafkaMetricsGen.Core.Configuration;

/// <summary>One value, or a list of values, of the same schema (<c>remote_write_url: a</c> or <c>[a, b]</c>).</summary>
public sealed class OneOrListSchema : ConfigSchema
{
    private readonly ConfigSchema _item;
    private readonly ListSchema _list;

    public OneOrListSchema(ConfigSchema item)
    {
        _item = item;
        _list = new ListSchema(item);
    }

    public override string Expected => _item.Expected + " or " + _list.Expected;

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
        if (node.Kind == ConfigNodeKind.List)
        {
            if (node.Items.Count == 0)
            {
                errors.Add(path, "must not be an empty list (remove the key to use storage.remote_write)");
                return;
            }

            _list.CheckValue(node, path, errors);
            return;
        }

        _item.CheckValue(node, path, errors);
    }
}
