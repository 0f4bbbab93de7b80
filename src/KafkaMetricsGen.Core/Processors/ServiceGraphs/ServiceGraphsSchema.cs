using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.Shared;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// <c>metrics_generator.processor.service_graphs</c>: the keys, written only here, and the schema that checks
/// them, with the defaults of <see cref="ServiceGraphsDefaults"/>.
/// </summary>
public static class ServiceGraphsSchema
{
    public const string Prefix = "metrics_generator.processor.service_graphs";
    public const string Wait = "wait";
    public const string MaxItems = "max_items";
    public const string Workers = "workers";
    public const string HistogramBucketsKey = "histogram_buckets";
    public const string Dimensions = "dimensions";
    public const string EnableClientServerPrefix = "enable_client_server_prefix";
    public const string EnableMessagingSystemLatencyHistogram = "enable_messaging_system_latency_histogram";
    public const string PeerAttributes = "peer_attributes";
    public const string SpanMultiplierKey = "span_multiplier_key";
    public const string EnableTracestateSpanMultiplier = "enable_tracestate_span_multiplier";
    public const string EnableVirtualNodeLabel = "enable_virtual_node_label";
    public const string DatabaseNameAttributes = "database_name_attributes";
    public const string FilterPolicies = "filter_policies";

    /// <summary>Keys that only the main configuration may set (not overridable per tenant).</summary>
    public static readonly string[] NotOverridable = [Wait, MaxItems, Workers, DatabaseNameAttributes];

    public static readonly SectionSchema Section = new(
        ConfigField.Of(Wait, ConfigSchema.Duration.Where(static n => GoDuration.Parse(n.Value!) > TimeSpan.Zero, "must be > 0"), ServiceGraphsDefaults.Wait),
        ConfigField.Of(MaxItems, ConfigSchema.PositiveInt, (long)ServiceGraphsDefaults.MaxItems),
        ConfigField.Of(Workers, ConfigSchema.Ignored("pending edges expire on the task's punctuation; there is no pool of expiry workers")),
        ConfigField.Doubles(HistogramBucketsKey, ServiceGraphsDefaults.HistogramBuckets) with { Schema = HistogramBuckets.Schema },
        ConfigField.Strings(Dimensions),
        ConfigField.Of(EnableClientServerPrefix, ConfigSchema.Bool, false),
        ConfigField.Of(EnableMessagingSystemLatencyHistogram, ConfigSchema.Bool, false),
        ConfigField.Strings(PeerAttributes, [.. ServiceGraphsDefaults.PeerAttributes]),
        ConfigField.Of(SpanMultiplierKey, ConfigSchema.String, string.Empty),
        ConfigField.Of(EnableTracestateSpanMultiplier, ConfigSchema.Bool, false),
        ConfigField.Of(EnableVirtualNodeLabel, ConfigSchema.Bool, false),
        ConfigField.Strings(DatabaseNameAttributes, [.. ServiceGraphsDefaults.DatabaseNameAttributes]),
        new ConfigField(FilterPolicies, FilterPolicySchema.List, ConfigNode.List()));

    /// <summary>The full key path of <paramref name="key"/>, as errors name it.</summary>
    public static string Path(string key) => Prefix + "." + key;

    /// <summary>What a tenant may override: the section minus <see cref="NotOverridable"/>.</summary>
    public static readonly SectionSchema Overridable = new(Section.Fields.Where(static f => Array.IndexOf(NotOverridable, f.Key) < 0));
}
