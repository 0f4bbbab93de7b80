using System.Text;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Telemetry;

namespace KafkaMetricsGen.Core.Processors.HostInfo;

/// <summary>
/// Tempo's host-info processor: per resource, the first of <c>host_identifiers</c> (in that order) found among the
/// resource attributes with a non-empty string value sets <c>&lt;metric_name&gt;{grafana_host_id="&lt;value&gt;",
/// host_source="&lt;attribute key&gt;"} = 1</c>. Other value types and empty strings do not count, so a later
/// duplicate key or the next identifier can still name the host. It is an info metric: the per-label limiter leaves it
/// alone.
/// </summary>
/// <remarks>
/// The gauge is stamped with the event time of the resource's first span, as target_info is; a resource without spans
/// has no event time and writes nothing (Tempo would set the gauge at its wall clock).
/// </remarks>
public sealed class HostInfoProcessor : IProcessor
{
    private readonly string[] _identifiers;
    private readonly byte[][] _identifierKeys;
    private readonly IGauge _gauge;
    private readonly LabelSetCache _labels;
    private readonly Prometheus.Counter.Child _invalidUtf8;

    /// <param name="tenant">The tenant, for the discard self-metric.</param>
    /// <param name="options">Validated here; an invalid option throws naming its key.</param>
    /// <param name="registry">The tenant's registry; the gauge is created once, here.</param>
    public HostInfoProcessor(string tenant, HostInfoOptions options, IMetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        options.Validate();

        // An empty key never names a host in Tempo (its source label would be empty), so it is not even looked for.
        _identifiers = [.. options.HostIdentifiers.Where(static k => k.Length > 0)];
        _identifierKeys = [.. _identifiers.Select(static k => Encoding.UTF8.GetBytes(k))];
        _gauge = registry.NewInfoGauge(options.MetricName);
        _labels = new LabelSetCache(registry.NewLabelBuilder(), [HostInfoLabelNames.GrafanaHostId, HostInfoLabelNames.HostSource], capacityPowerOfTwo: 8);
        _invalidUtf8 = SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.InvalidUtf8, ProcessorNames.HostInfo);
    }

    public string Name => ProcessorNames.HostInfo;

    public void PushSpans(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var invalid = 0;
        for (var r = 0; r < batch.ResourceCount; r++)
        {
            var spans = batch.ResourceSpans(r);
            if (spans.IsEmpty || !TryFindHost(batch, r, out var host, out var source))
            {
                continue;
            }

            var values = _labels.Values;
            values[0] = host;
            values[1] = source;
            if (!_labels.TryGet(out var labels))
            {
                invalid++;
                continue;
            }

            _gauge.Set(labels, 1, spans[0].EventTimeUnixNano);
        }

        if (invalid > 0)
        {
            _invalidUtf8.Inc(invalid);
        }
    }

    public void Dispose()
    {
    }

    // Identifiers in configured order; within one, every attribute with that key until one has a non-empty string.
    private bool TryFindHost(SpanBatch batch, int resourceIndex, out string host, out string source)
    {
        var attributes = batch.ResourceAttributes(resourceIndex);
        for (var i = 0; i < _identifierKeys.Length; i++)
        {
            var key = _identifierKeys[i];
            foreach (ref readonly var attribute in attributes)
            {
                if (attribute.Kind == AnyValueKind.String && attribute.Value.Length > 0
                    && attribute.Key.Length == key.Length && batch.Bytes(attribute.Key).SequenceEqual(key))
                {
                    host = batch.String(attribute.Value);
                    source = _identifiers[i];
                    return true;
                }
            }
        }

        host = string.Empty;
        source = string.Empty;
        return false;
    }
}
