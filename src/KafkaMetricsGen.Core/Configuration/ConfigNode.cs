namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// A parsed configuration value before it is bound to options: a scalar (kept as text, typed on demand), an ordered
/// map or a list. Sections are checked against a <see cref="ConfigSchema"/> first, so the typed getters below only meet
/// values that already passed that check; a getter that still fails is a programming error, not a user error.
/// </summary>
public sealed class ConfigNode
{
    private readonly List<KeyValuePair<string, ConfigNode>>? _entries;
    private readonly List<ConfigNode>? _items;

    private ConfigNode(ConfigNodeKind kind, string? value, bool quoted, int line)
    {
        Kind = kind;
        Value = value;
        Quoted = quoted;
        Line = line;
        if (kind == ConfigNodeKind.Map)
        {
            _entries = [];
        }
        else if (kind == ConfigNodeKind.List)
        {
            _items = [];
        }
    }

    public ConfigNodeKind Kind { get; }

    /// <summary>The text of a scalar; null for other kinds.</summary>
    public string? Value { get; }

    /// <summary>True when the scalar was quoted in YAML: <c>"30"</c> is the string 30, not a number.</summary>
    public bool Quoted { get; }

    /// <summary>1-based line in the source file, 0 when the node did not come from a file.</summary>
    public int Line { get; }

    public IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries => _entries ?? [];

    public IReadOnlyList<ConfigNode> Items => _items ?? [];

    public bool IsNull => Kind == ConfigNodeKind.Null;

    public static ConfigNode Null(int line = 0) => new(ConfigNodeKind.Null, null, false, line);

    public static ConfigNode Scalar(string value, bool quoted = false, int line = 0) => new(ConfigNodeKind.Scalar, value, quoted, line);

    public static ConfigNode Map(int line = 0) => new(ConfigNodeKind.Map, null, false, line);

    public static ConfigNode List(int line = 0) => new(ConfigNodeKind.List, null, false, line);

    public static ConfigNode ListOf(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = List();
        foreach (var v in values)
        {
            list.Add(Scalar(v, quoted: true));
        }

        return list;
    }

    /// <summary>Builds a key path the way errors print it: <c>a.b</c>.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>Builds a list item path: <c>a.b[2]</c>.</summary>
    public static string Index(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    public ConfigNode? Get(string key)
    {
        if (_entries is null)
        {
            return null;
        }

        foreach (var entry in _entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>A key that is present with a non-null value.</summary>
    public bool Has(string key) => Get(key) is { IsNull: false };

    public void Set(string key, ConfigNode value)
    {
        var entries = _entries ?? throw new InvalidOperationException("not a map");
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key == key)
            {
                entries[i] = new(key, value);
                return;
            }
        }

        entries.Add(new(key, value));
    }

    public void Add(ConfigNode item) => (_items ?? throw new InvalidOperationException("not a list")).Add(item);

    public void SetItem(int index, ConfigNode item)
    {
        var items = _items ?? throw new InvalidOperationException("not a list");
        if (index == items.Count)
        {
            items.Add(item);
        }
        else
        {
            items[index] = item;
        }
    }

    public ConfigNode Clone()
    {
        var copy = new ConfigNode(Kind, Value, Quoted, Line);
        foreach (var entry in Entries)
        {
            copy._entries!.Add(new(entry.Key, entry.Value.Clone()));
        }

        foreach (var item in Items)
        {
            copy._items!.Add(item.Clone());
        }

        return copy;
    }

    public ConfigNode GetSection(string key) => Get(key) is { Kind: ConfigNodeKind.Map } n ? n : Map();

    public string GetString(string key, string fallback = "") => Get(key) is { Kind: ConfigNodeKind.Scalar } n ? n.Value! : fallback;

    public bool GetBool(string key, bool fallback = false) =>
        Get(key) is { Kind: ConfigNodeKind.Scalar } n ? ConfigScalars.ParseBool(n.Value!) : fallback;

    public long GetInt(string key, long fallback = 0) =>
        Get(key) is { Kind: ConfigNodeKind.Scalar } n ? ConfigScalars.ParseInt(n.Value!) : fallback;

    public double GetDouble(string key, double fallback = 0) =>
        Get(key) is { Kind: ConfigNodeKind.Scalar } n ? ConfigScalars.ParseDouble(n.Value!) : fallback;

    public TimeSpan GetDuration(string key, TimeSpan fallback = default) =>
        Get(key) is { Kind: ConfigNodeKind.Scalar } n ? GoDuration.Parse(n.Value!) : fallback;

    /// <summary>A list of scalars; null when the key is absent or null (Tempo's "not set", distinct from <c>[]</c>).</summary>
    public IReadOnlyList<string>? GetStrings(string key)
    {
        if (Get(key) is not { Kind: ConfigNodeKind.List } n)
        {
            return null;
        }

        var result = new string[n.Items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = n.Items[i].Value ?? string.Empty;
        }

        return result;
    }

    public IReadOnlyList<double>? GetDoubles(string key)
    {
        var strings = GetStrings(key);
        if (strings is null)
        {
            return null;
        }

        var result = new double[strings.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ConfigScalars.ParseDouble(strings[i]);
        }

        return result;
    }

    /// <summary>A map of scalars (headers, client config); null when absent.</summary>
    public IReadOnlyDictionary<string, string>? GetStringMap(string key)
    {
        if (Get(key) is not { Kind: ConfigNodeKind.Map } n)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in n.Entries)
        {
            result[entry.Key] = entry.Value.Value ?? string.Empty;
        }

        return result;
    }

    /// <summary>Canonical YAML text; two nodes with the same text are equal configuration.</summary>
    public override string ToString() => YamlConfigWriter.Write(this);
}
