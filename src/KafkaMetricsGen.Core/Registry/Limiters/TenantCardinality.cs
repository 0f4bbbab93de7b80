using System.Collections.Concurrent;

namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary>
/// One tenant's cardinality estimates across the tasks of an instance. Each task keeps its own sliding sketches and
/// inserts into them without a lock; on its demand tick (every <see cref="LimiterDefaults.DemandUpdateInterval"/>) it
/// publishes their union here and reads back the union over every task's latest publication. HyperLogLog unions are
/// exact (register-wise maximum), so the estimate is the one a single sketch fed by every task would give, a tick late.
/// </summary>
/// <remarks>
/// A task that stops publishing (closed, moved to another instance, or no longer receiving the tenant's spans) keeps its
/// last union in the estimate for one window (<c>stale_duration</c> + one sketch), the time after which its own window
/// would have retired every value. Across instances nothing is shared: each instance estimates the values its own tasks
/// see, as each of Tempo's generator instances does. Thread-safe; the lock is taken on the tick only.
/// </remarks>
public sealed class TenantCardinality
{
    private static readonly ConcurrentDictionary<string, TenantCardinality> Instance = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<object, Publication>> _keys = new(StringComparer.Ordinal);
    private readonly byte[] _union = new byte[HyperLogLog.Registers];
    private readonly List<object> _expired = [];

    /// <summary>The tenant's estimates in this process (the instance): what every task of the tenant shares.</summary>
    public static TenantCardinality OfInstance(string tenant) => Instance.GetOrAdd(tenant, static _ => new TenantCardinality());

    /// <summary>
    /// Publishes <paramref name="publisher"/>'s window for <paramref name="key"/> (a label name, or the sanitizer's
    /// label sets) and returns the estimate over every publisher's latest window.
    /// </summary>
    /// <param name="nowTicks">Now, in the caller's <see cref="TimeProvider.GetTimestamp"/> ticks.</param>
    /// <param name="keepTicks">How long a publication counts without being renewed.</param>
    internal ulong Publish(string key, object publisher, CardinalityWindow window, long nowTicks, long keepTicks)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(key, out var publications))
            {
                publications = new Dictionary<object, Publication>(ReferenceEqualityComparer.Instance);
                _keys.Add(key, publications);
            }

            if (!publications.TryGetValue(publisher, out var own))
            {
                own = new Publication();
                publications.Add(publisher, own);
            }

            window.CopyUnionTo(own.Registers);
            own.AtTicks = nowTicks;
            Array.Clear(_union);
            foreach (var (owner, publication) in publications)
            {
                if (nowTicks - publication.AtTicks > keepTicks)
                {
                    _expired.Add(owner);
                    continue;
                }

                HyperLogLog.Merge(publication.Registers, _union);
            }

            foreach (var owner in _expired)
            {
                publications.Remove(owner);
            }

            _expired.Clear();
            return HyperLogLog.Estimate(_union);
        }
    }

    private sealed class Publication
    {
        public byte[] Registers { get; } = new byte[HyperLogLog.Registers];

        public long AtTicks { get; set; }
    }
}
