namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>What a filter condition reads from a span.</summary>
public enum PolicyTarget
{
    ResourceAttribute = 0,
    SpanAttribute = 1,
    Name = 2,
    Kind = 3,
    Status = 4,
}
