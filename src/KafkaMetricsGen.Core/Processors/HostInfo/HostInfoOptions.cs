namespace KafkaMetricsGen.Core.Processors.HostInfo;

/// <summary>Options of the host-info processor (YAML <c>metrics_generator.processor.host_info</c>).</summary>
public sealed class HostInfoOptions
{
    /// <summary><c>host_identifiers</c>: resource attribute keys, tried in order.</summary>
    public IReadOnlyList<string> HostIdentifiers { get; set; } = HostInfoDefaults.HostIdentifiers;

    /// <summary><c>metric_name</c>: the gauge's name.</summary>
    public string MetricName { get; set; } = HostInfoDefaults.MetricName;

    /// <summary>Tempo's rules: at least one identifier, and a metric name that is a valid (UTF-8, non-empty) name.</summary>
    public void Validate()
    {
        if (HostIdentifiers is null || HostIdentifiers.Count == 0)
        {
            throw new ArgumentException(HostInfoSchema.Path(HostInfoSchema.HostIdentifiers) + ": at least one value must be provided");
        }

        if (string.IsNullOrEmpty(MetricName) || !Ingest.Utf8Text.IsValid(MetricName))
        {
            throw new ArgumentException(HostInfoSchema.Path(HostInfoSchema.MetricName) + ": must be a non-empty valid UTF-8 metric name");
        }
    }
}
