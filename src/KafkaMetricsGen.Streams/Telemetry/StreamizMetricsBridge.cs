using System.Globalization;
using System.Text;
using Prometheus;
using Streamiz.Kafka.Net.Metrics;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Copies Streamiz's sensors into prometheus-net gauges named <c>streamiz_{group}_{name}</c> with the sensor tags as
/// labels. Streamiz calls <see cref="Report"/> on its stream thread every metrics interval; series of tasks and
/// processors that disappeared since the previous report are removed. Non-numeric values (the topology description)
/// are skipped. Each report also stamps <see cref="LastReport"/>, a stream-thread heartbeat.
/// </summary>
public sealed class StreamizMetricsBridge(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
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
        {
            foreach (var family in _families.Values)
            {
                family.Seen.Clear();
            }

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

            foreach (var family in _families.Values)
            {
                family.RemoveUnseen();
            }
        }

        Interlocked.Exchange(ref _lastReportTicks, _time.GetUtcNow().UtcTicks);
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
        family.Seen.Add(string.Join('\u0001', values));
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

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public void RemoveUnseen()
        {
            foreach (var labels in Gauge.GetAllLabelValues().ToList())
            {
                if (!Seen.Contains(string.Join('\u0001', labels)))
                {
                    Gauge.RemoveLabelled(labels);
                }
            }
        }
    }
}
