using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Processors.HostInfo;

/// <summary>
/// <c>metrics_generator.processor.host_info</c>: the keys, written only here, and the schema that checks them, with the
/// defaults of <see cref="HostInfoDefaults"/>. A tenant may override both keys.
/// </summary>
public static class HostInfoSchema
{
    public const string Prefix = "metrics_generator.processor.host_info";
    public const string HostIdentifiers = "host_identifiers";
    public const string MetricName = "metric_name";

    public static readonly SectionSchema Section = new(
        ConfigField.Strings(HostIdentifiers, [.. HostInfoDefaults.HostIdentifiers]),
        ConfigField.Of(MetricName, ConfigSchema.String, HostInfoDefaults.MetricName));

    /// <summary>The full key path of <paramref name="key"/>, as errors name it.</summary>
    public static string Path(string key) => Prefix + "." + key;
}
