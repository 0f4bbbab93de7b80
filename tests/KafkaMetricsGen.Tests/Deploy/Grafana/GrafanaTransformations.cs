using System.Text.Json;
using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Tests.Deploy.Grafana;

/// <summary>
/// The transformations the dashboards use, applied as Grafana applies them: in order, each to the frames its
/// <c>filter</c> (<c>byRefId</c>, a refId or a <c>/regex/</c>) selects — every frame without a filter — with the other
/// frames passed through. Any other transformation fails the test, so a dashboard cannot use one these tests do not
/// model.
/// </summary>
public static class GrafanaTransformations
{
    public static IReadOnlyList<GrafanaFrame> Apply(JsonElement panel, IReadOnlyList<GrafanaFrame> frames)
    {
        if (!panel.TryGetProperty("transformations", out var transformations))
        {
            return frames;
        }

        var current = frames.ToList();
        foreach (var transformation in transformations.EnumerateArray())
        {
            var id = transformation.GetProperty("id").GetString();
            var options = transformation.GetProperty("options");
            var selected = transformation.TryGetProperty("filter", out var filter) ? Matcher(filter) : _ => true;
            var input = current.Where(selected).ToList();
            var output = id switch
            {
                "organize" => input.Select(f => Organize(f, options)).ToList(),
                "joinByField" => [OuterJoin(input, options.GetProperty("byField").GetString()!, options)],
                _ => throw new NotSupportedException($"transformation '{id}' is not modelled by the dashboard tests"),
            };
            current = [.. output, .. current.Where(f => !selected(f))];
        }

        return current;
    }

    /// <summary><c>organize</c>: drops the fields <c>excludeByName</c> names and renames by <c>renameByName</c>.</summary>
    private static GrafanaFrame Organize(GrafanaFrame frame, JsonElement options)
    {
        var exclude = options.TryGetProperty("excludeByName", out var e) ? e.EnumerateObject().Where(p => p.Value.GetBoolean()).Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
        var rename = options.TryGetProperty("renameByName", out var r) ? r.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal) : [];
        return frame with
        {
            Fields = frame.Fields.Where(f => !exclude.Contains(f.Name)).Select(f => rename.TryGetValue(f.Name, out var name) && name.Length > 0 ? f with { Name = name } : f).ToList(),
        };
    }

    /// <summary><c>joinByField</c> in <c>outer</c> mode: one row per key over all frames, the key field once, nulls where a frame has no row.</summary>
    private static GrafanaFrame OuterJoin(IReadOnlyList<GrafanaFrame> frames, string byField, JsonElement options)
    {
        if (options.TryGetProperty("mode", out var mode) && mode.GetString() != "outer")
        {
            throw new NotSupportedException("joinByField mode " + mode.GetString() + " is not modelled by the dashboard tests");
        }

        var keys = frames.SelectMany(f => f.Field(byField)?.Values ?? throw new InvalidOperationException($"frame {f.RefId} has no field {byField} to join on"))
            .Select(k => (string)k!).Distinct(StringComparer.Ordinal).ToList();
        var fields = new List<GrafanaField> { new(byField, keys.Cast<object?>().ToList()) };
        foreach (var frame in frames)
        {
            var rowOf = frame.Field(byField)!.Values.Select((k, i) => ((string)k!, i)).ToDictionary(x => x.Item1, x => x.i, StringComparer.Ordinal);
            foreach (var field in frame.Fields.Where(f => f.Name != byField))
            {
                fields.Add(field with { Values = keys.Select(k => rowOf.TryGetValue(k, out var row) ? field.Values[row] : null).ToList() });
            }
        }

        return new GrafanaFrame(null, fields);
    }

    private static Func<GrafanaFrame, bool> Matcher(JsonElement filter)
    {
        if (filter.GetProperty("id").GetString() != "byRefId")
        {
            throw new NotSupportedException("transformation filter " + filter.GetProperty("id").GetString() + " is not modelled by the dashboard tests");
        }

        var pattern = filter.GetProperty("options").GetString()!;
        if (pattern.Length > 1 && pattern[0] == '/' && pattern.LastIndexOf('/') > 0)
        {
            var regex = new Regex(pattern[1..pattern.LastIndexOf('/')]);
            return f => regex.IsMatch(f.RefId ?? "");
        }

        return f => f.RefId == pattern;
    }
}
