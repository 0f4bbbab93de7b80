namespace KafkaMetricsGen.Http;

/// <summary>The worker's HTTP paths.</summary>
public static class HttpPaths
{
    public const string Live = "/live";
    public const string Ready = "/ready";
    public const string Status = "/status";
    public const string StatusTopology = "/status/topology";
    public const string Metrics = "/metrics";
}
