using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary>
/// Tempo's per-label cardinality limiter (<c>max_cardinality_per_label</c>): every label's values go into a sliding
/// HyperLogLog window (<see cref="CardinalityWindow"/>); every <see cref="LimiterDefaults.DemandUpdateInterval"/> the
/// estimates are re-read, and a label whose estimate exceeds the limit has its value replaced by
/// <see cref="LimiterDefaults.OverflowValue"/> (counted per label) until the estimate falls back, while the other labels
/// keep theirs. The original value is still inserted while a label overflows, so the estimate does not drop and
/// oscillate. Prometheus metadata labels (<c>__name__</c>, <c>__type__</c>, <c>__unit__</c>) are never limited.
/// </summary>
/// <remarks>
/// Known label sets pass without allocating: label states are found by reference first, and the metrics of one span
/// (calls, latency, size) hand over the same set, which is limited once. A replaced set lives in scratch arrays until
/// the next call; the registry copies it when it creates a series. Not thread-safe (one per registry). The estimates are
/// the tenant's across the tasks that share a <see cref="TenantCardinality"/>: each task inserts into its own sketches,
/// and the demand tick publishes them and reads the union back.
/// </remarks>
public sealed class PerLabelLimiter
{
    private const int RecentNames = 32;

    private readonly string _tenant;
    private readonly ulong _maxCardinality;
    private readonly TimeSpan _staleDuration;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, LabelState> _states = new(StringComparer.Ordinal);
    private readonly string?[] _recentNames = new string?[RecentNames];
    private readonly LabelState?[] _recentStates = new LabelState?[RecentNames];
    private readonly long _demandTicks;
    private readonly long _sketchTicks;
    private readonly TenantCardinality _shared;
    private long _nextDemandUpdate;
    private long _lastAdvance;
    private int _version;
    private string[] _names = new string[16];
    private string[] _values = new string[16];

    // The last input and its result, for the several metrics one span updates with the same set.
    private LabelSet _lastIn;
    private LabelSet _lastOut;
    private int _lastVersion = -1;

    /// <param name="shared">The tenant's estimates shared with the instance's other tasks; none: this limiter's own.</param>
    public PerLabelLimiter(string tenant, ulong maxCardinality, TimeSpan staleDuration, TimeProvider time, TenantCardinality? shared = null)
    {
        _shared = shared ?? new TenantCardinality();
        ArgumentOutOfRangeException.ThrowIfZero(maxCardinality);
        _tenant = tenant;
        _maxCardinality = maxCardinality;
        _staleDuration = staleDuration;
        _time = time;
        _demandTicks = ToTimestampTicks(LimiterDefaults.DemandUpdateInterval);
        _sketchTicks = ToTimestampTicks(LimiterDefaults.SketchDuration);
        var now = time.GetTimestamp();
        _nextDemandUpdate = now + _demandTicks;
        _lastAdvance = now;
    }

    /// <summary>The set with every over-limit label's value replaced; <paramref name="labels"/> itself when none is.</summary>
    public LabelSet Limit(in LabelSet labels)
    {
        Maintain();
        if (_lastVersion == _version && SameSet(labels, _lastIn))
        {
            return _lastOut;
        }

        var names = labels.Names;
        var values = labels.Values;
        var over = 0;
        for (var i = 0; i < names.Length; i++)
        {
            if (IsMetadata(names[i]))
            {
                continue;
            }

            var state = State(names[i]);
            state.Window.Insert(HyperLogLog.Hash(values[i]));
            if (state.OverLimit)
            {
                over++;
            }
        }

        var result = over == 0 ? labels : Replace(names, values);
        _lastIn = labels;
        _lastOut = result;
        _lastVersion = _version;
        return result;
    }

    /// <summary>The current estimate of a label's distinct values (0 when never seen).</summary>
    public ulong Estimate(string labelName) => _states.TryGetValue(labelName, out var state) ? state.Window.Estimate() : 0;

    private static bool IsMetadata(string name) => name is "__name__" or "__type__" or "__unit__";

    private static bool SameSet(in LabelSet a, in LabelSet b) =>
        a.Count == b.Count && a.Hash == b.Hash && a.Count > 0
        && Unsafe.AreSame(ref MemoryMarshal.GetReference(a.Values), ref MemoryMarshal.GetReference(b.Values))
        && Unsafe.AreSame(ref MemoryMarshal.GetReference(a.Names), ref MemoryMarshal.GetReference(b.Names));

    private LabelSet Replace(ReadOnlySpan<string> names, ReadOnlySpan<string> values)
    {
        if (_names.Length < names.Length)
        {
            _names = new string[names.Length * 2];
            _values = new string[names.Length * 2];
        }

        for (var i = 0; i < names.Length; i++)
        {
            _names[i] = names[i];
            _values[i] = values[i];
            if (!IsMetadata(names[i]) && State(names[i]) is { OverLimit: true } state)
            {
                _values[i] = LimiterDefaults.OverflowValue;
                state.Limited.Inc();
            }
        }

        var count = names.Length;
        return new LabelSet(_names, _values, count, LabelSet.ComputeHash(_names.AsSpan(0, count), _values.AsSpan(0, count)));
    }

    private LabelState State(string name)
    {
        var slot = (RuntimeHelpers.GetHashCode(name) & 0x7FFFFFFF) % RecentNames;
        if (ReferenceEquals(_recentNames[slot], name))
        {
            return _recentStates[slot]!;
        }

        if (!_states.TryGetValue(name, out var state))
        {
            state = new LabelState(new CardinalityWindow(_staleDuration), LimiterMetrics.LabelValuesLimited.WithLabels(_tenant, name), LimiterMetrics.LabelCardinalityDemand.WithLabels(_tenant, name));
            _states.Add(name, state);
        }

        _recentNames[slot] = name;
        _recentStates[slot] = state;
        return state;
    }

    // Tempo's two tickers, driven by the calls: the demand update every 15 s, the ring every sketch duration.
    private void Maintain()
    {
        var now = _time.GetTimestamp();
        if (now < _nextDemandUpdate)
        {
            return;
        }

        _nextDemandUpdate = now + _demandTicks;
        var elapsed = now - _lastAdvance;
        if (elapsed >= _sketchTicks)
        {
            var steps = (int)Math.Min(int.MaxValue, elapsed / _sketchTicks);
            _lastAdvance += steps * _sketchTicks;
            foreach (var state in _states.Values)
            {
                state.Window.Advance(steps);
            }
        }

        foreach (var (name, state) in _states)
        {
            var estimate = _shared.Publish(name, this, state.Window, now, state.Window.Length * _sketchTicks);
            state.OverLimit = estimate > _maxCardinality;
            state.Demand.Set(estimate);
        }

        _version++;
    }

    private long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed class LabelState(CardinalityWindow window, Prometheus.Counter.Child limited, Prometheus.Gauge.Child demand)
    {
        public CardinalityWindow Window { get; } = window;

        public Prometheus.Counter.Child Limited { get; } = limited;

        public Prometheus.Gauge.Child Demand { get; } = demand;

        public bool OverLimit { get; set; }
    }
}
