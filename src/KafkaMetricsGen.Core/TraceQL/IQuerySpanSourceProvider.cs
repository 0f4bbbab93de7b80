namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Finds a tenant's span source; null when this instance holds nothing for the tenant.</summary>
public interface IQuerySpanSourceProvider
{
    IQuerySpanSource? Find(string tenant);
}
