using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// Writes <c>traces_target_info</c> for a resource: every resource attribute except empty or digit-led
/// keys, the three service keys and the excluded ones, with sanitized names (job/instance and intrinsics get
/// <c>__</c>), plus job and instance. Nothing is written unless job or instance exists and another label survives.
/// </summary>
internal sealed class TargetInfoWriter
{
    private const int MaxCachedNames = 4096;
    private readonly IGauge _gauge;
    private readonly LabelBuilder _labels;
    private readonly HashSet<string> _excluded;
    private readonly bool _instanceLabel;
    private readonly Dictionary<string, string> _sanitized = new(StringComparer.Ordinal);

    public TargetInfoWriter(IMetricsRegistry registry, SpanMetricsOptions options)
    {
        _gauge = registry.NewInfoGauge(SpanMetricsMetricNames.TargetInfo);
        _labels = registry.NewLabelBuilder();
        _excluded = new HashSet<string>(options.TargetInfoExcludedDimensions ?? [], StringComparer.Ordinal);
        _instanceLabel = options.EnableInstanceLabel;
    }

    public void Write(SpanBatch batch, int resourceIndex, in ResourceLabels resource, ulong eventTimeUnixNano)
    {
        _labels.Clear();
        foreach (ref readonly var attribute in batch.ResourceAttributes(resourceIndex))
        {
            var keyBytes = batch.Bytes(attribute.Key);
            if (keyBytes.IsEmpty || char.IsAsciiDigit((char)keyBytes[0])
                || keyBytes.SequenceEqual(ResourceAttributeKeys.ServiceName)
                || keyBytes.SequenceEqual(ResourceAttributeKeys.ServiceNamespace)
                || keyBytes.SequenceEqual(ResourceAttributeKeys.ServiceInstanceId))
            {
                continue;
            }

            var key = batch.String(attribute.Key);
            if (_excluded.Contains(key))
            {
                continue;
            }

            _labels.Add(LabelName(key), LabelValues.Text(batch, attribute));
        }

        var identity = 0;
        if (resource.Job.Length > 0)
        {
            _labels.Add(SpanMetricsLabelNames.Job, resource.Job);
            identity++;
        }

        if (_instanceLabel && resource.Instance.Length > 0)
        {
            _labels.Add(SpanMetricsLabelNames.Instance, resource.Instance);
            identity++;
        }

        var hasIdentity = resource.Job.Length > 0 || resource.Instance.Length > 0;
        if (hasIdentity && _labels.TryBuild(out var labels) && labels.Count > identity)
        {
            _gauge.Set(labels, 1, eventTimeUnixNano);
        }
    }

    private string LabelName(string key)
    {
        if (_sanitized.TryGetValue(key, out var name))
        {
            return name;
        }

        if (_sanitized.Count >= MaxCachedNames)
        {
            _sanitized.Clear();
        }

        name = LabelNames.SanitizeAvoiding(key, SpanMetricsLabelNames.TargetInfoReserved);
        _sanitized.Add(key, name);
        return name;
    }
}
