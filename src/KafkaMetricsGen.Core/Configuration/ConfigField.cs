namespace KafkaMetricsGen.Core.Configuration;

/// <summary>One key of a <see cref="SectionSchema"/>: its schema and the default printed when it is not set.</summary>
public sealed record ConfigField(string Key, ConfigSchema Schema, ConfigNode? Default = null)
{
    public static ConfigField Of(string key, ConfigSchema schema) => new(key, schema);

    public static ConfigField Of(string key, ConfigSchema schema, string defaultValue) => new(key, schema, ConfigNode.Scalar(defaultValue));

    public static ConfigField Of(string key, ConfigSchema schema, bool defaultValue) => new(key, schema, ConfigNode.Scalar(ConfigScalars.Format(defaultValue)));

    public static ConfigField Of(string key, ConfigSchema schema, long defaultValue) => new(key, schema, ConfigNode.Scalar(ConfigScalars.Format(defaultValue)));

    public static ConfigField Of(string key, ConfigSchema schema, double defaultValue) => new(key, schema, ConfigNode.Scalar(ConfigScalars.Format(defaultValue)));

    public static ConfigField Of(string key, ConfigSchema schema, TimeSpan defaultValue) => new(key, schema, ConfigNode.Scalar(GoDuration.Format(defaultValue)));

    public static ConfigField Strings(string key, params string[] defaultValue) => new(key, ConfigSchema.StringList, ConfigNode.ListOf(defaultValue));

    public static ConfigField Doubles(string key, IEnumerable<double> defaultValue)
    {
        var list = ConfigNode.List();
        foreach (var v in defaultValue)
        {
            list.Add(ConfigNode.Scalar(ConfigScalars.Format(v)));
        }

        return new(key, ConfigSchema.DoubleList, list);
    }
}
