using KafkaMetricsGen.Wire.Tempo;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Asks another instance for its first-stage series (<c>local=true</c>).</summary>
public interface IMetricsPeerClient
{
    Task<QueryRangeResponse> QueryLocalAsync(Uri peer, string tenant, MetricsQueryRequest request, CancellationToken cancellationToken);
}
