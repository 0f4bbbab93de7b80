using System.Text;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Telemetry;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// Tempo's span-metrics processor (spec §1): per span that passes the filter policies, +multiplier on
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
    private readonly LabelBuilder _labels;
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

        _plan = new DimensionPlan(options, SpanMetricsKeys.Section);
        _filter = new SpanFilter(options.FilterPolicies, SpanMetricsKeys.Section);
        _multiplier = new SpanMultiplier(options.SpanMultiplierKey, options.EnableTraceStateSpanMultiplier);
        _labels = registry.NewLabelBuilder();
        HistogramBuckets = [.. options.HistogramBuckets ?? []];
        Array.Sort(HistogramBuckets);

        _calls = (subprocessors & SpanMetricsSubprocessor.Count) != 0 ? registry.NewCounter(SpanMetricsMetricNames.Calls) : null;
        _latency = (subprocessors & SpanMetricsSubprocessor.Latency) != 0 ? registry.NewHistogram(SpanMetricsMetricNames.Latency, HistogramBuckets) : null;
        _size = (subprocessors & SpanMetricsSubprocessor.Size) != 0 ? registry.NewCounter(SpanMetricsMetricNames.Size) : null;
        _targetInfo = options.EnableTargetInfo ? new TargetInfoWriter(registry, options) : null;
        _instanceLabel = options.EnableInstanceLabel;

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

    // Order of addition matters: later pairs with the same name win (spec §1.2–1.5).
    private bool TryBuildLabels(SpanBatch batch, int resourceIndex, in SpanRef span, in ResourceLabels resource, out LabelSet labels)
    {
        var plan = _plan;
        var b = _labels;
        b.Clear();
        if (plan.Service)
        {
            b.Add(SpanMetricsLabelNames.Service, resource.Service);
        }

        if (plan.SpanName)
        {
            b.Add(SpanMetricsLabelNames.SpanName, batch.String(span.Name));
        }

        if (plan.SpanKind)
        {
            b.Add(SpanMetricsLabelNames.SpanKind, SpanEnumNames.Kind(span.Kind));
        }

        if (plan.StatusCode)
        {
            b.Add(SpanMetricsLabelNames.StatusCode, SpanEnumNames.Status(span.StatusCode));
        }

        if (plan.StatusMessage)
        {
            b.Add(SpanMetricsLabelNames.StatusMessage, batch.String(span.StatusMessage));
        }

        for (var i = 0; i < plan.DimensionNames.Length; i++)
        {
            b.Add(plan.DimensionNames[i], AttributeLookup.ResourceFirstText(batch, resourceIndex, span, plan.DimensionKeys[i]));
        }

        for (var i = 0; i < plan.MappingNames.Length; i++)
        {
            b.Add(plan.MappingNames[i], MappingValue(batch, resourceIndex, span, plan.MappingSources[i], plan.MappingJoins[i]));
        }

        if (_targetInfo is not null)
        {
            b.Add(SpanMetricsLabelNames.Job, resource.Job);
            if (_instanceLabel)
            {
                b.Add(SpanMetricsLabelNames.Instance, resource.Instance);
            }
        }

        return b.TryBuild(out labels);
    }

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
