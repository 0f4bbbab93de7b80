using KafkaMetricsGen.Core.Processors.Shared;
using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// <c>metrics_generator.processor.service_graphs</c>. <c>wait</c>, <c>max_items</c> and
/// <c>database_name_attributes</c> are not overridable per tenant in Tempo.
/// </summary>
public sealed class ServiceGraphsOptions
{
    /// <summary>YAML <c>wait</c>: how long an unpaired edge waits for its other side.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.Wait)]
    public TimeSpan Wait { get; set; } = ServiceGraphsDefaults.Wait;

    /// <summary>YAML <c>max_items</c>: most pending edges (and dropped-side entries) held at once.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.MaxItems)]
    public int MaxItems { get; set; } = ServiceGraphsDefaults.MaxItems;

    /// <summary>YAML <c>histogram_buckets</c>: latency bucket upper bounds in seconds, ascending.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.HistogramBucketsKey)]
    public List<double> HistogramBuckets { get; set; } = [.. ServiceGraphsDefaults.HistogramBuckets];

    /// <summary>YAML <c>dimensions</c>: attributes (resource first, then span) added as labels.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.Dimensions)]
    public List<string> Dimensions { get; set; } = [];

    /// <summary>YAML <c>enable_client_server_prefix</c>: dimension labels become <c>client_x</c> / <c>server_x</c>.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.EnableClientServerPrefix)]
    public bool EnableClientServerPrefix { get; set; }

    /// <summary>YAML <c>enable_messaging_system_latency_histogram</c>: write the consumer start − producer end histogram.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.EnableMessagingSystemLatencyHistogram)]
    public bool EnableMessagingSystemLatencyHistogram { get; set; }

    /// <summary>YAML <c>peer_attributes</c>: span attributes naming a virtual peer node, in order.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.PeerAttributes)]
    public List<string> PeerAttributes { get; set; } = [.. ServiceGraphsDefaults.PeerAttributes];

    /// <summary>YAML <c>span_multiplier_key</c>: attribute whose double value v gives a multiplier 1/v.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.SpanMultiplierKey)]
    public string SpanMultiplierKey { get; set; } = string.Empty;

    /// <summary>YAML <c>enable_tracestate_span_multiplier</c>: derive the multiplier from the W3C tracestate <c>ot=th:</c>.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.EnableTracestateSpanMultiplier)]
    public bool EnableTracestateSpanMultiplier { get; set; }

    /// <summary>YAML <c>enable_virtual_node_label</c>: add <c>virtual_node=client|server</c> to inferred edges.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.EnableVirtualNodeLabel)]
    public bool EnableVirtualNodeLabel { get; set; }

    /// <summary>YAML <c>database_name_attributes</c>: attributes marking a database call and naming it, in order.</summary>
    [YamlMember(Alias = ServiceGraphsSchema.DatabaseNameAttributes)]
    public List<string> DatabaseNameAttributes { get; set; } = [.. ServiceGraphsDefaults.DatabaseNameAttributes];

    /// <summary>YAML <c>filter_policies</c>: which spans take part (shared rules with span metrics).</summary>
    [YamlMember(Alias = ServiceGraphsSchema.FilterPolicies)]
    public List<FilterPolicyOptions> FilterPolicies { get; set; } = [];

    /// <summary>Throws naming the key path when a value cannot work.</summary>
    public void Validate()
    {
        if (Wait <= TimeSpan.Zero)
        {
            throw Invalid(ServiceGraphsSchema.Wait, "must be greater than 0");
        }

        if (MaxItems <= 0)
        {
            throw Invalid(ServiceGraphsSchema.MaxItems, "must be greater than 0");
        }

        if (HistogramBuckets is null || HistogramBuckets.Count == 0)
        {
            throw Invalid(ServiceGraphsSchema.HistogramBucketsKey, "must not be empty");
        }

        for (var i = 0; i < HistogramBuckets.Count; i++)
        {
            if (!double.IsFinite(HistogramBuckets[i]))
            {
                throw Invalid(ServiceGraphsSchema.HistogramBucketsKey, "must be finite numbers");
            }

            if (i > 0 && HistogramBuckets[i] <= HistogramBuckets[i - 1])
            {
                throw Invalid(ServiceGraphsSchema.HistogramBucketsKey, "must be ascending");
            }
        }

        RequireNames(Dimensions, ServiceGraphsSchema.Dimensions);
        RequireNames(PeerAttributes, ServiceGraphsSchema.PeerAttributes);
        RequireNames(DatabaseNameAttributes, ServiceGraphsSchema.DatabaseNameAttributes);
        if (SpanMultiplierKey is null)
        {
            throw Invalid(ServiceGraphsSchema.SpanMultiplierKey, "must not be null");
        }

        FilterPolicyOptions.ValidateAll(FilterPolicies, ServiceGraphsSchema.Prefix);
    }

    private static void RequireNames(List<string>? names, string key)
    {
        if (names is null)
        {
            throw Invalid(key, "must not be null");
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrEmpty(names[i]))
            {
                throw Invalid($"{key}[{i}]", "must not be empty");
            }
        }
    }

    private static ArgumentException Invalid(string key, string problem) =>
        new($"{ServiceGraphsSchema.Path(key)}: {problem}");
}
