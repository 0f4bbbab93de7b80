namespace KafkaMetricsGen.Core.Configuration;

/// <summary>A map with a fixed set of keys; an unknown key is an error that lists the allowed ones.</summary>
public sealed class SectionSchema : ConfigSchema
{
    private readonly ConfigField[] _fields;
    private readonly string? _noun;

    /// <param name="fields">The keys, in the order the effective configuration prints them.</param>
    /// <param name="noun">Names an unknown key in errors ("not a valid intrinsic dimension"); null gives "unknown key".</param>
    public SectionSchema(IEnumerable<ConfigField> fields, string? noun = null)
    {
        _fields = fields.ToArray();
        _noun = noun;
    }

    public SectionSchema(params ConfigField[] fields)
        : this((IEnumerable<ConfigField>)fields)
    {
    }

    public IReadOnlyList<ConfigField> Fields => _fields;

    public override string Expected => "a map";

    public string AllowedKeys => string.Join(", ", _fields.Select(static f => f.Key));

    public ConfigField? Field(string key)
    {
        foreach (var field in _fields)
        {
            if (field.Key == key)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>Fills every missing key that has a default; nested sections are always materialised.</summary>
    public override ConfigNode? WithDefaults(ConfigNode? node)
    {
        var result = ConfigNode.Map(node?.Line ?? 0);
        foreach (var field in _fields)
        {
            var value = node?.Get(field.Key);
            var filled = value is { IsNull: false }
                ? field.Schema.WithDefaults(value)
                : field.Default?.Clone() ?? (field.Schema is SectionSchema ? field.Schema.WithDefaults(null) : null);
            if (filled is not null)
            {
                result.Set(field.Key, filled);
            }
        }

        return result;
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
            var entryPath = ConfigNode.Join(path, entry.Key);
            var field = Field(entry.Key);
            if (field is null)
            {
                errors.Add(entryPath, _noun is null
                    ? "unknown key (allowed: " + AllowedKeys + ")"
                    : "not a valid " + _noun + " (allowed: " + AllowedKeys + ")");
                continue;
            }

            field.Schema.Check(entry.Value, entryPath, errors);
        }
    }
}
