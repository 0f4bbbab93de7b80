namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// What a configuration value may look like. A schema checks a parsed <see cref="ConfigNode"/> (unknown keys, wrong
/// types, values outside a set or breaking a rule), naming the full key path in each error, and fills defaults in so
/// the effective configuration can be printed. Binding to options objects happens after a clean check.
/// </summary>
public abstract class ConfigSchema
{
    public static readonly ConfigSchema String = new ScalarSchema("a string", static _ => true);

    public static readonly ConfigSchema Bool = new ScalarSchema("a bool (true or false)", static s => ConfigScalars.TryParseBool(s, out _));

    public static readonly ConfigSchema Int = new ScalarSchema("an integer", static s => ConfigScalars.TryParseInt(s, out _));

    public static readonly ConfigSchema NonNegativeInt = new ScalarSchema("an integer >= 0", static s => ConfigScalars.TryParseInt(s, out var v) && v >= 0);

    public static readonly ConfigSchema PositiveInt = new ScalarSchema("an integer > 0", static s => ConfigScalars.TryParseInt(s, out var v) && v > 0);

    public static readonly ConfigSchema Double = new ScalarSchema("a number", static s => ConfigScalars.TryParseDouble(s, out _));

    public static readonly ConfigSchema Duration = new ScalarSchema("a duration such as 15s, 1m30s or 500ms", static s => GoDuration.TryParse(s, out _));

    public static readonly ConfigSchema NonNegativeDuration = new ScalarSchema(
        "a duration >= 0 such as 15s, 1m30s or 500ms", static s => GoDuration.TryParse(s, out var d) && d >= TimeSpan.Zero);

    /// <summary>Accepts anything; used for sections the worker reads but does not interpret (Tempo's WAL options).</summary>
    public static readonly ConfigSchema Any = new AnySchema();

    public static readonly ConfigSchema StringList = new ListSchema(String);

    public static readonly ConfigSchema DoubleList = new ListSchema(Double);

    public static readonly ConfigSchema StringMap = new MapSchema(String);

    /// <summary>How the expected value is described in an error: "expected a duration such as 15s".</summary>
    public abstract string Expected { get; }

    public static ConfigSchema OneOf(string noun, params string[] allowed) => new OneOfSchema(noun, allowed);

    /// <summary>A Tempo key the worker does not implement: setting it is an error that gives <paramref name="reason"/>.</summary>
    public static ConfigSchema Unsupported(string reason) => new UnsupportedSchema(reason);

    /// <summary>A Tempo key for machinery the worker replaces: accepted, reported at start with <paramref name="reason"/>, not printed.</summary>
    public static ConfigSchema Ignored(string reason) => new IgnoredSchema(reason);

    public static ConfigSchema ListOf(ConfigSchema item) => new ListSchema(item);

    public static ConfigSchema MapOf(ConfigSchema value) => new MapSchema(value);

    /// <summary>Adds a rule checked after the type: <paramref name="message"/> is reported when <paramref name="isValid"/> fails.</summary>
    public ConfigSchema Where(Func<ConfigNode, bool> isValid, string message) => new RuleSchema(this, isValid, message);

    /// <summary>Checks <paramref name="node"/>; null nodes are "not set" and always pass.</summary>
    public void Check(ConfigNode? node, string path, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (node is null || node.IsNull)
        {
            return;
        }

        CheckValue(node, path, errors);
    }

    /// <summary>A copy of <paramref name="node"/> with every default filled in; null when nothing is set and there is no default.</summary>
    public virtual ConfigNode? WithDefaults(ConfigNode? node) => node is null || node.IsNull ? null : node.Clone();

    protected internal abstract void CheckValue(ConfigNode node, string path, ConfigErrors errors);

    protected static string Describe(ConfigNode node) => node.Kind switch
    {
        ConfigNodeKind.Scalar => "\"" + node.Value + "\"",
        ConfigNodeKind.Map => "a map",
        ConfigNodeKind.List => "a list",
        _ => "null",
    };

    /// <summary>Reports a value of the wrong type; a secret's value is not repeated in the message.</summary>
    protected static void WrongType(ConfigNode node, string path, string expected, ConfigErrors errors) =>
        errors.Add(path, "expected " + expected + ", got " + (node.Kind == ConfigNodeKind.Scalar && ConfigSecrets.IsSecretPath(path) ? ConfigSecrets.Placeholder : Describe(node)));
}
