using System.Text;
using KafkaMetricsGen.Core.Processors.Shared;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// The label plan decided once from the options: which intrinsics are on, and for every custom dimension and
/// dimension mapping its final label name and the UTF-8 keys to look up. The processor walks these arrays per span.
/// </summary>
internal sealed class DimensionPlan
{
    public DimensionPlan(SpanMetricsOptions options, string section)
    {
        Service = options.IntrinsicEnabled(SpanMetricsLabelNames.Service);
        SpanName = options.IntrinsicEnabled(SpanMetricsLabelNames.SpanName);
        SpanKind = options.IntrinsicEnabled(SpanMetricsLabelNames.SpanKind);
        StatusCode = options.IntrinsicEnabled(SpanMetricsLabelNames.StatusCode);
        StatusMessage = options.IntrinsicEnabled(SpanMetricsLabelNames.StatusMessage);

        var dimensions = options.Dimensions ?? [];
        DimensionNames = new string[dimensions.Count];
        DimensionKeys = new byte[dimensions.Count][];
        for (var i = 0; i < dimensions.Count; i++)
        {
            DimensionNames[i] = LabelNames.SanitizeAvoiding(dimensions[i] ?? string.Empty, SpanMetricsLabelNames.Intrinsics);
            DimensionKeys[i] = Encoding.UTF8.GetBytes(dimensions[i] ?? string.Empty);
        }

        MappingNames = MappingLabelNames(options, section);
        var mappings = options.DimensionMappings ?? [];
        MappingSources = new byte[mappings.Count][][];
        MappingJoins = new string[mappings.Count];
        for (var i = 0; i < mappings.Count; i++)
        {
            MappingSources[i] = [.. mappings[i].SourceLabels.Select(s => Encoding.UTF8.GetBytes(s ?? string.Empty))];
            MappingJoins[i] = mappings[i].Join ?? string.Empty;
        }
    }

    public bool Service { get; }

    public bool SpanName { get; }

    public bool SpanKind { get; }

    public bool StatusCode { get; }

    public bool StatusMessage { get; }

    public string[] DimensionNames { get; }

    public byte[][] DimensionKeys { get; }

    public string[] MappingNames { get; }

    public byte[][][] MappingSources { get; }

    public string[] MappingJoins { get; }

    /// <summary>The label names in order of addition: enabled intrinsics, dimensions, mappings, then job and instance.</summary>
    public string[] SlotNames(bool job, bool instance)
    {
        var names = new List<string>();
        AddIf(names, Service, SpanMetricsLabelNames.Service);
        AddIf(names, SpanName, SpanMetricsLabelNames.SpanName);
        AddIf(names, SpanKind, SpanMetricsLabelNames.SpanKind);
        AddIf(names, StatusCode, SpanMetricsLabelNames.StatusCode);
        AddIf(names, StatusMessage, SpanMetricsLabelNames.StatusMessage);
        names.AddRange(DimensionNames);
        names.AddRange(MappingNames);
        AddIf(names, job, SpanMetricsLabelNames.Job);
        AddIf(names, job && instance, SpanMetricsLabelNames.Instance);
        return [.. names];
    }

    /// <summary>
    /// The final label names of <c>dimension_mappings</c>, validated as Tempo 3.x does: a name and at least
    /// one source are required, and a mapping may collide neither with a dimension label nor with another mapping.
    /// </summary>
    public static string[] MappingLabelNames(SpanMetricsOptions options, string section)
    {
        var mappings = options.DimensionMappings ?? [];
        var dimensionLabels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in options.Dimensions ?? [])
        {
            dimensionLabels.Add(LabelNames.SanitizeAvoiding(d ?? string.Empty, SpanMetricsLabelNames.Intrinsics));
        }

        var names = new string[mappings.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mappings.Count; i++)
        {
            var path = $"{section}.{SpanMetricsSchema.DimensionMappings}[{i}]";
            var mapping = mappings[i] ?? throw new ArgumentException($"{path}: must not be empty");
            if (string.IsNullOrEmpty(mapping.Name))
            {
                throw new ArgumentException($"{path}.{SpanMetricsSchema.MappingName}: must not be empty");
            }

            if (mapping.SourceLabels is null || mapping.SourceLabels.Count == 0)
            {
                throw new ArgumentException($"{path}.{SpanMetricsSchema.MappingSourceLabels}: at least one source label is required");
            }

            var name = LabelNames.SanitizeAvoiding(mapping.Name, SpanMetricsLabelNames.Intrinsics);
            if (dimensionLabels.Contains(name))
            {
                throw new ArgumentException($"{path}.{SpanMetricsSchema.MappingName}: label '{name}' collides with a label of {SpanMetricsSchema.Dimensions}");
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"{path}.{SpanMetricsSchema.MappingName}: label '{name}' collides with another dimension mapping");
            }

            names[i] = name;
        }

        return names;
    }

    private static void AddIf(List<string> names, bool condition, string name)
    {
        if (condition)
        {
            names.Add(name);
        }
    }
}
