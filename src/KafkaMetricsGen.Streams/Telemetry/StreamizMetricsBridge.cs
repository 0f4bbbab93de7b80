using System.Globalization;
using System.Text;
using Prometheus;
using Streamiz.Kafka.Net.Metrics;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Copies Streamiz's sensors into prometheus-net gauges named <c>streamiz_{group}_{name}</c> with the sensor tags as
/// labels. Each stream thread's loop hands its own sensors to <see cref="Report"/> (on a pool thread) every metrics
/// interval, so series are removed only when no report has carried them for three intervals (closed tasks, a thread
/// that is gone), not when one thread's report lacks another thread's. Non-numeric values (the topology description)
/// are skipped. Each report stamps <see cref="LastReport"/> and the worker status heartbeat: the stream loop is alive.
/// <para>
/// Some values are read from native state when asked for (RocksDB's properties): <paramref name="nativeGate"/>, held
/// while values are read, is the lock the stores close under, so no value is read from a store being closed.
/// </para>
/// </summary>
public sealed class StreamizMetricsBridge(TimeProvider? time = null, WorkerStatus? status = null, Lock? nativeGate = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Lock _nativeGate = nativeGate ?? new Lock();
    private long _lastReportTicks;

    /// <summary>When Streamiz last reported (the stream thread is alive and not stuck); null before the first report.</summary>
    public DateTimeOffset? LastReport
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastReportTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public static string MetricName(string group, string name) => TelemetryMetricNames.StreamizPrefix + Sanitize(group) + "_" + Sanitize(name);

    public void Report(IEnumerable<Sensor> sensors)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        lock (_gate)
            lock (_nativeGate)
            {
                foreach (var sensor in sensors)
                {
                    foreach (var metric in sensor.Metrics.Values)
                    {
                        if (TryNumber(metric.Value, out var value))
                        {
                            try
                            {
                                Set(metric.Group, metric.Name, metric.Tags, value);
                            }
                            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
                            {
                                // This runs on the stream thread: a metric prometheus-net rejects is skipped, never fatal.
                            }
                        }
                    }
                }

                var now = _time.GetUtcNow().UtcTicks;
                var expired = now - TimeSpan.FromMilliseconds(3 * TelemetryDefaults.StreamizMetricsIntervalMs).Ticks;
                foreach (var family in _families.Values)
                {
                    family.RemoveOlderThan(expired);
                }

                Interlocked.Exchange(ref _lastReportTicks, now);
            }

        status?.StreamHeartbeat();
    }

    private void Set(string group, string name, IReadOnlyDictionary<string, string> tags, double value)
    {
        var metricName = MetricName(group, name);
        if (!_families.TryGetValue(metricName, out var family))
        {
            var labels = tags.Keys.Select(Sanitize).Order(StringComparer.Ordinal).ToArray();
            family = new Family(Metrics.CreateGauge(metricName, $"Streamiz metric {name} ({group}).", labels), [.. tags.Keys.OrderBy(Sanitize, StringComparer.Ordinal)]);
            _families[metricName] = family;
        }

        // A sensor whose tags differ from the first one seen under this name cannot share the gauge; skip it.
        if (family.TagKeys.Length != tags.Count)
        {
            return;
        }

        var values = new string[family.TagKeys.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!tags.TryGetValue(family.TagKeys[i], out var v))
            {
                return;
            }

            values[i] = v ?? string.Empty;
        }

        family.Gauge.WithLabels(values).Set(value);
        family.Seen[string.Join('\u0001', values)] = (values, _time.GetUtcNow().UtcTicks);
    }

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d:
                number = d;
                return !double.IsNaN(d);
            case IConvertible c when value is not string and not bool:
                number = c.ToDouble(CultureInfo.InvariantCulture);
                return true;
            default:
                number = 0;
                return false;
        }
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return builder.ToString();
    }

    private sealed class Family(Gauge gauge, string[] tagKeys)
    {
        public Gauge Gauge { get; } = gauge;

        public string[] TagKeys { get; } = tagKeys;

        public Dictionary<string, (string[] Values, long Ticks)> Seen { get; } = new(StringComparer.Ordinal);

        public void RemoveOlderThan(long ticks)
        {
            foreach (var (key, (values, seen)) in Seen.ToList())
            {
                if (seen < ticks)
                {
                    Gauge.RemoveLabelled(values);
                    Seen.Remove(key);
                }
            }
        }
    }
}
