namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Receives each edge that expired unpaired, before the store forgets it (virtual nodes or expired-edge counts).</summary>
public interface IEdgeExpiryHandler
{
    void OnExpire(Edge edge);
}
