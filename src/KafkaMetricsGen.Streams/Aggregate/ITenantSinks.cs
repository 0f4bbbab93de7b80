using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>Where each tenant's closed windows go (remote write, or the demo's local table).</summary>
public interface ITenantSinks
{
    ISeriesAppender For(string tenant);
}
