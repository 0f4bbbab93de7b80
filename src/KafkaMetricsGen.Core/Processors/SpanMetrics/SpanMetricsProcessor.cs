using System.Text;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Telemetry;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// Tempo's span-metrics processor: per span that passes the filter policies, +multiplier on
/// <c>traces_spanmetrics_calls_total</c>, the duration on <c>traces_spanmetrics_latency</c> (weighted, with the trace
/// id as exemplar) and the encoded span size on <c>traces_spanmetrics_size_total</c>, all stamped with the span's end
/// time; plus <c>traces_target_info</c> per resource when enabled. Every decision is made in the constructor; the
/// per-span path walks precomputed arrays and reuses one label builder.
/// </summary>
public sealed class SpanMetricsProcessor : IProcessor
{
    private readonly DimensionPlan _plan;
    private readonly SpanFilter _filter;
    private readonly SpanMultiplier _multiplier;
    private readonly LabelSetCache _labels;
    private readonly int _jobSlot;
    private readonly string?[] _resourceDimensions;
    private readonly ICounter? _calls;
    private readonly IHistogram? _latency;
    private readonly ICounter? _size;
    private readonly TargetInfoWriter? _targetInfo;
    private readonly bool _instanceLabel;
    private readonly JobNameCache _jobs = new();
    private readonly StringBuilder _join = new();
    private readonly Prometheus.Counter.Child _filtered;
    private readonly Prometheus.Counter.Child _invalidUtf8;

    /// <param name="tenant">The tenant, for the discard self-metrics.</param>
    /// <param name="options">Validated here; an invalid option throws naming its key.</param>
    /// <param name="registry">The tenant's registry; the metrics are created once, here.</param>
    /// <param name="subprocessors">Which metric kinds to write (see <see cref="SpanMetricsSubprocessors.Parse"/>).</param>
    public SpanMetricsProcessor(string tenant, SpanMetricsOptions options, IMetricsRegistry registry, SpanMetricsSubprocessor subprocessors = SpanMetricsSubprocessor.All)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        options.Validate();

        _plan = new DimensionPlan(options, SpanMetricsSchema.Prefix);
        _filter = new SpanFilter(options.FilterPolicies, SpanMetricsSchema.Prefix);
        _multiplier = new SpanMultiplier(options.SpanMultiplierKey, options.EnableTraceStateSpanMultiplier);
        HistogramBuckets = [.. options.HistogramBuckets ?? []];
        Array.Sort(HistogramBuckets);

        _calls = (subprocessors & SpanMetricsSubprocessor.Count) != 0 ? registry.NewCounter(SpanMetricsMetricNames.Calls) : null;
        _latency = (subprocessors & SpanMetricsSubprocessor.Latency) != 0 ? registry.NewHistogram(SpanMetricsMetricNames.Latency, HistogramBuckets) : null;
        _size = (subprocessors & SpanMetricsSubprocessor.Size) != 0 ? registry.NewCounter(SpanMetricsMetricNames.Size) : null;
        _targetInfo = options.EnableTargetInfo ? new TargetInfoWriter(registry, options) : null;
        _instanceLabel = options.EnableInstanceLabel;
        var slots = _plan.SlotNames(_targetInfo is not null, _instanceLabel);
        _labels = new LabelSetCache(registry.NewLabelBuilder(), slots);
        _resourceDimensions = new string?[_plan.DimensionKeys.Length];
        _jobSlot = _targetInfo is null ? -1 : slots.Length - (_instanceLabel ? 2 : 1);

        _filtered = SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.SpanMetricsFiltered, ProcessorNames.SpanMetrics);
        _invalidUtf8 = SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.InvalidUtf8, ProcessorNames.SpanMetrics);
    }

    public string Name => ProcessorNames.SpanMetrics;

    /// <summary>The latency bucket bounds in use, sorted ascending (+Inf implied).</summary>
    public double[] HistogramBuckets { get; }

    public void PushSpans(SpanBatch batch)
    {
        var filtered = 0;
        var invalid = 0;
        for (var r = 0; r < batch.ResourceCount; r++)
        {
            var resource = ResourceLabels.Read(batch, r, _jobs);
            ReadResourceDimensions(batch, r);
            var targetInfoPending = _targetInfo is not null;
            foreach (ref readonly var span in batch.ResourceSpans(r))
            {
                if (!_filter.Keep(batch, r, span))
                {
                    filtered++;
                    continue;
                }

                if (!TryBuildLabels(batch, r, span, resource, out var labels))
                {
                    invalid++;
                    continue;
                }

                Record(batch, r, span, labels);
                if (targetInfoPending)
                {
                    targetInfoPending = false;
                    _targetInfo!.Write(batch, r, resource, span.EventTimeUnixNano);
                }
            }
        }

        if (filtered > 0)
        {
            _filtered.Inc(filtered);
        }

        if (invalid > 0)
        {
            _invalidUtf8.Inc(invalid);
        }
    }

    public void Dispose()
    {
    }

    private void Record(SpanBatch batch, int resourceIndex, in SpanRef span, in LabelSet labels)
    {
        var multiplier = _multiplier.IsConstant ? 1 : _multiplier.For(batch, resourceIndex, span);
        var time = span.EventTimeUnixNano;
        _calls?.Inc(labels, multiplier, time);
        _latency?.Observe(labels, span.DurationSeconds, multiplier, span.TraceId, time);

        // The size is what was received, not an estimate of the unsampled traffic: never multiplied.
        _size?.Inc(labels, span.EncodedSize, time);
    }

    // Slots follow DimensionPlan.SlotNames: the order of addition, in which later pairs with the same name win (as in Tempo).
    private bool TryBuildLabels(SpanBatch batch, int resourceIndex, in SpanRef span, in ResourceLabels resource, out LabelSet labels)
    {
        var plan = _plan;
        var values = _labels.Values;
        var n = 0;
        if (plan.Service)
        {
            values[n++] = resource.Service;
        }

        if (plan.SpanName)
        {
            values[n++] = batch.String(span.Name);
        }

        if (plan.SpanKind)
        {
            values[n++] = SpanEnumNames.Kind(span.Kind);
        }

        if (plan.StatusCode)
        {
            values[n++] = SpanEnumNames.Status(span.StatusCode);
        }

        if (plan.StatusMessage)
        {
            values[n++] = batch.String(span.StatusMessage);
        }

        for (var i = 0; i < plan.DimensionKeys.Length; i++)
        {
            values[n++] = _resourceDimensions[i] ?? SpanText(batch, span, plan.DimensionKeys[i]);
        }

        for (var i = 0; i < plan.MappingSources.Length; i++)
        {
            values[n++] = MappingValue(batch, resourceIndex, span, plan.MappingSources[i], plan.MappingJoins[i]);
        }

        if (_jobSlot >= 0)
        {
            values[_jobSlot] = resource.Job;
            if (_instanceLabel)
            {
                values[_jobSlot + 1] = resource.Instance;
            }
        }

        return _labels.TryGet(out labels);
    }

    // Dimensions look at the resource first, and the resource is shared by its spans: read it once per resource.
    private void ReadResourceDimensions(SpanBatch batch, int resourceIndex)
    {
        var attributes = batch.ResourceAttributes(resourceIndex);
        for (var i = 0; i < _resourceDimensions.Length; i++)
        {
            _resourceDimensions[i] = batch.TryFind(attributes, _plan.DimensionKeys[i], out var a) ? LabelValues.Text(batch, a) : null;
        }
    }

    private static string SpanText(SpanBatch batch, in SpanRef span, byte[] key) =>
        batch.TryFind(batch.SpanAttributes(span), key, out var a) ? LabelValues.Text(batch, a) : string.Empty;

    // Non-empty source values joined in order; a single value is returned as it is (no allocation).
    private string MappingValue(SpanBatch batch, int resourceIndex, in SpanRef span, byte[][] sources, string join)
    {
        var first = string.Empty;
        var parts = 0;
        foreach (var source in sources)
        {
            var value = AttributeLookup.ResourceFirstText(batch, resourceIndex, span, source);
            if (value.Length == 0)
            {
                continue;
            }

            if (parts == 0)
            {
                first = value;
            }
            else
            {
                if (parts == 1)
                {
                    _join.Clear().Append(first);
                }

                _join.Append(join).Append(value);
            }

            parts++;
        }

        return parts <= 1 ? first : _join.ToString();
    }
}
