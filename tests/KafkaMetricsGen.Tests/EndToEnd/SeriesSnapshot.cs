using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KafkaMetricsGen.Tests.EndToEnd;

/// <summary>
/// Final series values keyed by <c>name{sorted labels}</c>, read from what a user sees: the Prometheus text that
/// <c>process</c> prints, or an instant query of every series in Prometheus. Classic values compare as doubles; a
/// native histogram compares as its count, sum, zero bucket and the count of every non-empty bucket by bucket index.
/// </summary>
internal sealed class SeriesSnapshot
{
    private readonly SortedDictionary<string, string> _series = new(StringComparer.Ordinal);

    public int Count => _series.Count;

    public IReadOnlyDictionary<string, string> Series => _series;

    /// <summary>Parses <c>process</c> output: <c># TYPE</c> lines, then <c>name{labels} value</c> per line.</summary>
    public static SeriesSnapshot FromText(string text, SeriesSnapshot? into = null)
    {
        var snapshot = into ?? new SeriesSnapshot();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var (name, labels, rest) = ParseSeries(line);
            snapshot.Add(name, labels, rest.StartsWith("{{", StringComparison.Ordinal) ? NativeFromText(rest) : Number(rest));
        }

        return snapshot;
    }

    /// <summary>Reads a Prometheus instant-query result (<c>data.result</c>); <paramref name="schema"/> indexes native buckets.</summary>
    public static SeriesSnapshot FromPrometheus(JsonElement result, int schema)
    {
        var snapshot = new SeriesSnapshot();
        foreach (var item in result.EnumerateArray())
        {
            var labels = new List<KeyValuePair<string, string>>();
            var name = string.Empty;
            foreach (var property in item.GetProperty("metric").EnumerateObject())
            {
                if (property.Name == "__name__")
                {
                    name = property.Value.GetString()!;
                }
                else
                {
                    labels.Add(new(property.Name, property.Value.GetString()!));
                }
            }

            var value = item.TryGetProperty("histogram", out var histogram)
                ? NativeFromPrometheus(histogram[1], schema)
                : Number(item.GetProperty("value")[1].GetString()!);
            snapshot.Add(name, labels, value);
        }

        return snapshot;
    }

    /// <summary>The first series (in key order) whose value differs or that only one side has, described with both values; null when equal.</summary>
    public string? FirstDifference(SeriesSnapshot worker, string leftName = "process", string rightName = "worker")
    {
        ArgumentNullException.ThrowIfNull(worker);
        foreach (var key in _series.Keys.Union(worker._series.Keys).Order(StringComparer.Ordinal))
        {
            var left = _series.GetValueOrDefault(key);
            var right = worker._series.GetValueOrDefault(key);
            if (left != right)
            {
                return $"{key}: {leftName} = {left ?? "(no such series)"}, {rightName} = {right ?? "(no such series)"}"
                    + $" ({_series.Count} series from {leftName}, {worker._series.Count} from {rightName})";
            }
        }

        return null;
    }

    private void Add(string name, List<KeyValuePair<string, string>> labels, string value)
    {
        labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = new StringBuilder(name).Append('{');
        for (var i = 0; i < labels.Count; i++)
        {
            key.Append(i == 0 ? "" : ",").Append(labels[i].Key).Append("=\"").Append(labels[i].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('"');
        }

        _series[key.Append('}').ToString()] = value;
    }

    /// <summary>A value in a form that is equal exactly when the doubles are (round-trip formatting).</summary>
    private static string Number(string text) => text switch
    {
        "NaN" => "NaN",
        "+Inf" => "+Inf",
        "-Inf" => "-Inf",
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
    };

    private static (string Name, List<KeyValuePair<string, string>> Labels, string Value) ParseSeries(string line)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace < 0 || (space >= 0 && space < brace))
        {
            return (line[..space], labels, line[(space + 1)..].Trim());
        }

        var name = line[..brace];
        var i = brace + 1;
        while (line[i] != '}')
        {
            var eq = line.IndexOf('=', i);
            var key = line[i..eq];
            i = eq + 2;
            var value = new StringBuilder();
            while (line[i] != '"')
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }

                i++;
            }

            labels.Add(new(key, value.ToString()));
            i++;
            if (line[i] == ',')
            {
                i++;
            }
        }

        return (name, labels, line[(i + 1)..].Trim());
    }

    /// <summary><c>{{schema:3 count:7 sum:12.5 z_bucket:0 z_bucket_w:… offset:-2 buckets:[1 0 3]}}</c> as the canonical form.</summary>
    private static string NativeFromText(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = text.Trim('{', '}');
        var bucketsAt = body.IndexOf("buckets:[", StringComparison.Ordinal);
        var buckets = bucketsAt < 0 ? [] : body[(bucketsAt + "buckets:[".Length)..body.IndexOf(']', bucketsAt)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in (bucketsAt < 0 ? body : body[..bucketsAt]).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            fields[part[..colon]] = part[(colon + 1)..];
        }

        var offset = fields.TryGetValue("offset", out var o) ? int.Parse(o, CultureInfo.InvariantCulture) : 0;
        var counts = new SortedDictionary<int, string>();
        for (var b = 0; b < buckets.Length; b++)
        {
            if (buckets[b] != "0")
            {
                counts[offset + b] = Number(buckets[b]);
            }
        }

        return Native(Number(fields["count"]), Number(fields["sum"]), Number(fields["z_bucket"]), counts);
    }

    /// <summary>Prometheus' JSON histogram: <c>{count, sum, buckets: [[boundaryRule, lower, upper, count], …]}</c>.</summary>
    private static string NativeFromPrometheus(JsonElement histogram, int schema)
    {
        var zero = "0";
        var counts = new SortedDictionary<int, string>();
        if (histogram.TryGetProperty("buckets", out var buckets))
        {
            foreach (var bucket in buckets.EnumerateArray())
            {
                var lower = double.Parse(bucket[1].GetString()!, CultureInfo.InvariantCulture);
                var upper = double.Parse(bucket[2].GetString()!, CultureInfo.InvariantCulture);
                var count = Number(bucket[3].GetString()!);
                if (lower <= 0 && upper >= 0)
                {
                    zero = count;
                    continue;
                }

                // Bucket i covers (2^((i-1)/2^schema), 2^(i/2^schema)]: the index is the upper bound's exponent.
                counts[(int)Math.Round(Math.Log2(upper) * Math.Pow(2, schema))] = count;
            }
        }

        return Native(Number(histogram.GetProperty("count").GetString()!), Number(histogram.GetProperty("sum").GetString()!), zero, counts);
    }

    private static string Native(string count, string sum, string zero, SortedDictionary<int, string> buckets) =>
        $"native(count={count} sum={sum} zero={zero} buckets=[{string.Join(' ', buckets.Select(b => $"{b.Key}:{b.Value}"))}])";
}
