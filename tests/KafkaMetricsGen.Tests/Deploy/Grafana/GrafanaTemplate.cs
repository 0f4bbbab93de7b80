using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Tests.Deploy.Grafana;

/// <summary>
/// Grafana's variable interpolation for a Prometheus query over a dashboard time range: <c>$__range</c>,
/// <c>$__interval</c>, <c>$__rate_interval</c> (with the data source's default 15 s scrape interval) and the
/// dashboard's own variables, a multi-value or All selection rendered as Grafana renders it for PromQL: the values
/// regex-escaped and joined as <c>(a|b)</c>.
/// </summary>
public sealed partial class GrafanaTemplate
{
    /// <summary>The Prometheus data source's default scrape interval, which the built-in intervals are derived from.</summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(15);

    /// <summary>Data points Grafana asks a time series panel for (about its width in pixels).</summary>
    private const int MaxDataPoints = 1000;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public GrafanaTemplate(TimeSpan range)
    {
        Range = range;
        Interval = TimeSpan.FromSeconds(Math.Max(ScrapeInterval.TotalSeconds, Math.Ceiling(range.TotalSeconds / MaxDataPoints)));
        RateInterval = TimeSpan.FromSeconds(Math.Max(Interval.TotalSeconds + ScrapeInterval.TotalSeconds, 4 * ScrapeInterval.TotalSeconds));
        _values["__range"] = Seconds(range);
        _values["__interval"] = Seconds(Interval);
        _values["__rate_interval"] = Seconds(RateInterval);
    }

    public TimeSpan Range { get; }

    public TimeSpan Interval { get; }

    public TimeSpan RateInterval { get; }

    /// <summary>The time range of a dashboard's <c>time.from</c> (<c>now-30m</c>, <c>now-6h</c>, ...) up to now.</summary>
    public static TimeSpan RangeOf(JsonElement dashboard)
    {
        var from = dashboard.GetProperty("time").GetProperty("from").GetString()!;
        var match = RelativeTime().Match(from);
        if (!match.Success)
        {
            throw new NotSupportedException("dashboard time.from " + from + " is not now-<n><unit>");
        }

        var n = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
    }

    /// <summary>Sets a dashboard variable to the given values (several: Grafana's multi-value form).</summary>
    public void Set(string name, IReadOnlyList<string> values) =>
        _values[name] = values.Count == 1 ? values[0] : "(" + string.Join("|", values.Select(EscapeRegex)) + ")";

    public string Interpolate(string expr) =>
        Variable().Replace(expr, m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            // $1 is a regex group of label_replace, which Grafana leaves alone; any other unknown name is a mistake.
            return _values.TryGetValue(name, out var value) ? value
                : name.All(char.IsAsciiDigit) ? m.Value
                : throw new InvalidOperationException($"no value for ${name} in {expr}");
        });

    private static string Seconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    /// <summary>A regex-special character gets a backslash, written doubled inside the PromQL string.</summary>
    private static string EscapeRegex(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value)
        {
            if (c == '\\' || "$^*{}[]'+?.()|".Contains(c, StringComparison.Ordinal))
            {
                text.Append(@"\\");
            }

            text.Append(c);
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\$\{(\w+)\}|\$(\w+)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^now-(\d+)([smhd])$")]
    private static partial Regex RelativeTime();
}
