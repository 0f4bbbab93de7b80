namespace KafkaMetricsGen.Tests.Deploy.Grafana;

/// <summary>A column of a <see cref="GrafanaFrame"/>: strings, doubles or nulls.</summary>
public sealed record GrafanaField(string Name, IReadOnlyList<object?> Values)
{
    public bool IsNumber => Values.All(v => v is null or double);

    public bool IsString => Values.All(v => v is null or string);
}
