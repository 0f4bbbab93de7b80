namespace KafkaMetricsGen.Core.Registry;

/// <summary>Defaults of <c>metrics_generator.registry</c> (Tempo's values, spec §4.1).</summary>
public static class RegistryDefaults
{
    /// <summary>Label names are cut to this many bytes.</summary>
    public const int MaxLabelNameLength = 1024;

    /// <summary>Label values are cut to this many bytes.</summary>
    public const int MaxLabelValueLength = 2048;
}
