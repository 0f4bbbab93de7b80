using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>One <c>write_relabel_configs</c> rule, with Prometheus' defaults (action replace, regex <c>(.*)</c>, separator <c>;</c>, replacement <c>$1</c>).</summary>
public sealed class RelabelConfig
{
    public const string Replace = "replace";
    public const string Keep = "keep";
    public const string Drop = "drop";
    public const string KeepEqual = "keepequal";
    public const string DropEqual = "dropequal";
    public const string HashMod = "hashmod";
    public const string LabelMap = "labelmap";
    public const string LabelDrop = "labeldrop";
    public const string LabelKeep = "labelkeep";
    public const string Lowercase = "lowercase";
    public const string Uppercase = "uppercase";

    public static readonly IReadOnlyList<string> Actions = [Replace, Keep, Drop, KeepEqual, DropEqual, HashMod, LabelMap, LabelDrop, LabelKeep, Lowercase, Uppercase];

    private Regex? _compiled;

    /// <summary>YAML <c>source_labels</c>: their values joined with <see cref="Separator"/> are matched.</summary>
    public IReadOnlyList<string> SourceLabels { get; set; } = [];

    public string Separator { get; set; } = ";";

    public string TargetLabel { get; set; } = "";

    /// <summary>YAML <c>regex</c>, anchored at both ends as in Prometheus.</summary>
    public string Regex { get; set; } = "(.*)";

    public ulong Modulus { get; set; }

    public string Replacement { get; set; } = "$1";

    public string Action { get; set; } = Replace;

    /// <summary>The anchored regex, compiled once.</summary>
    public Regex Compiled => _compiled ??= new Regex("^(?:" + Regex + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    internal void Validate(string path)
    {
        if (!Actions.Contains(Action))
        {
            throw new ArgumentException($"{path}.action: unknown action '{Action}' (allowed: {string.Join(", ", Actions)})");
        }

        try
        {
            _ = Compiled;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}.regex: not a valid regular expression: {e.Message}", e);
        }

        if (Action is Replace or HashMod or Lowercase or Uppercase or KeepEqual or DropEqual && TargetLabel.Length == 0)
        {
            throw new ArgumentException($"{path}.target_label: required by action {Action}");
        }

        if (Action == HashMod && Modulus == 0)
        {
            throw new ArgumentException($"{path}.modulus: required (> 0) by action hashmod");
        }

        if (Action is LabelDrop or LabelKeep && (SourceLabels.Count > 0 || TargetLabel.Length > 0))
        {
            throw new ArgumentException($"{path}: action {Action} takes only regex (no source_labels or target_label)");
        }
    }
}
