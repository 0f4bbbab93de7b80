namespace KafkaMetricsGen.Streams;

/// <summary>
/// Tests that read a process-wide gauge which every worker sets too. The Kafka collections run side by side, so these
/// run alone, after all of them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessGaugeCollection
{
    public const string Name = "process-gauges";
}
