using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KafkaMetricsGen.Core.Registry.Limiters;

namespace KafkaMetricsGen.Core.Registry.Sanitizer;

/// <summary>
/// Tempo's span-name sanitizer (<c>span_name_sanitization</c>): the <c>span_name</c> label of every non-info series is
/// clustered by <see cref="Drain"/>; when its pattern differs from the name (e.g. <c>GET /users/&lt;_&gt;</c> for
/// <c>GET /users/123</c>) the set is counted as sanitized and, in <see cref="SpanNameSanitization.Enabled"/> mode, the
/// name is replaced by the pattern. The distinct label sets after sanitization are estimated (what the mode would leave)
/// and published every 15 s; every 5 minutes the estimate window moves on and the tree drops evicted clusters.
/// </summary>
/// <remarks>
/// A known name finds its cluster in a dictionary, without tokenizing again, and the metrics of one span (calls,
/// latency, size) hand over the same set, which is sanitized once; only new names allocate. Not thread-safe.
/// </remarks>
public sealed class SpanNameSanitizer
{
    /// <summary>The label the sanitizer rewrites.</summary>
    public const string SpanNameLabel = "span_name";

    // The demand estimate's key in the shared estimates: reserved (leading "__"), so no label name clashes.
    private const string DemandKey = "__post_sanitization__";

    private readonly SpanNameSanitization _mode;
    private readonly Drain _drain = new();
    private readonly Dictionary<string, DrainCluster> _known = new(StringComparer.Ordinal);
    private readonly CardinalityWindow _demand;
    private readonly TimeProvider _time;
    private readonly Prometheus.Counter.Child _sanitized;
    private readonly Prometheus.Gauge.Child _demandGauge;
    private readonly long _demandTicks;
    private readonly long _pruneTicks;
    private readonly TenantCardinality _shared;
    private long _nextDemandUpdate;
    private long _nextPrune;
    private string[] _names = new string[16];
    private string[] _values = new string[16];
    private LabelSet _lastIn;
    private LabelSet _lastOut;
    private bool _hasLast;

    /// <param name="shared">The tenant's estimates shared with the instance's other tasks; none: this sanitizer's own.</param>
    public SpanNameSanitizer(string tenant, SpanNameSanitization mode, TimeSpan staleDuration, TimeProvider time, TenantCardinality? shared = null)
    {
        if (mode == SpanNameSanitization.Disabled)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), "a disabled sanitizer is not built");
        }

        _mode = mode;
        _time = time;
        _shared = shared ?? new TenantCardinality();
        _demand = new CardinalityWindow(staleDuration);
        _sanitized = SanitizerMetrics.SpansSanitized.WithLabels(tenant);
        _demandGauge = SanitizerMetrics.PostSanitizationDemand.WithLabels(tenant);
        _demandTicks = (long)(LimiterDefaults.DemandUpdateInterval.TotalSeconds * time.TimestampFrequency);
        _pruneTicks = (long)(LimiterDefaults.SketchDuration.TotalSeconds * time.TimestampFrequency);
        var now = time.GetTimestamp();
        _nextDemandUpdate = now + _demandTicks;
        _nextPrune = now + _pruneTicks;
    }

    /// <summary>The estimate of distinct label sets after sanitization.</summary>
    public ulong DemandEstimate => _demand.Estimate();

    /// <summary>The set to record: <paramref name="labels"/>, or (enabled mode) a copy with the span name's pattern.</summary>
    public LabelSet Sanitize(in LabelSet labels)
    {
        Maintain();
        if (_hasLast && SameSet(labels, _lastIn))
        {
            return _lastOut;
        }

        var result = SanitizeUncached(labels);
        _lastIn = labels;
        _lastOut = result;
        _hasLast = true;
        return result;
    }

    private static bool SameSet(in LabelSet a, in LabelSet b) =>
        a.Count == b.Count && a.Hash == b.Hash && a.Count > 0
        && Unsafe.AreSame(ref MemoryMarshal.GetReference(a.Values), ref MemoryMarshal.GetReference(b.Values))
        && Unsafe.AreSame(ref MemoryMarshal.GetReference(a.Names), ref MemoryMarshal.GetReference(b.Names));

    // The demand sketch gets the label hash mixed: it is FNV-1a, whose high bits (the sketch's register index) barely
    // vary between similar sets, so unmixed, ten names like x0..x4, y0..y4 were estimated as 2.
    private LabelSet SanitizeUncached(in LabelSet labels)
    {
        var index = labels.Names.IndexOf(SpanNameLabel);
        var name = index >= 0 ? labels.Values[index] : null;
        var cluster = name is null ? null : Cluster(name);
        if (cluster is null || string.Equals(cluster.Text, name, StringComparison.Ordinal))
        {
            _demand.Insert(SeriesKey.Of(0, labels.Hash));
            return labels;
        }

        _sanitized.Inc();
        var count = labels.Count;
        if (_names.Length < count)
        {
            _names = new string[count * 2];
            _values = new string[count * 2];
        }

        labels.Names.CopyTo(_names);
        labels.Values.CopyTo(_values);
        _values[index] = cluster.Text;
        var sanitized = new LabelSet(_names, _values, count, LabelSet.ComputeHash(_names.AsSpan(0, count), _values.AsSpan(0, count)));
        _demand.Insert(SeriesKey.Of(0, sanitized.Hash));
        return _mode == SpanNameSanitization.DryRun ? labels : sanitized;
    }

    private DrainCluster? Cluster(string name)
    {
        if (_known.TryGetValue(name, out var known) && known.Live)
        {
            return known;
        }

        var cluster = _drain.Train(name);
        if (cluster is not null)
        {
            if (_known.Count >= Drain.MaxClusters)
            {
                _known.Clear();
            }

            _known[name] = cluster;
        }

        return cluster;
    }

    private void Maintain()
    {
        var now = _time.GetTimestamp();
        if (now >= _nextDemandUpdate)
        {
            _nextDemandUpdate = now + _demandTicks;
            _demandGauge.Set(_shared.Publish(DemandKey, this, _demand, now, _demand.Length * _pruneTicks));
        }

        if (now >= _nextPrune)
        {
            _nextPrune = now + _pruneTicks;
            _demand.Advance(1);
            _drain.Prune();
        }
    }
}
