namespace KafkaMetricsGen.Http;

/// <summary>The worker's HTTP paths.</summary>
public static class HttpPaths
{
    public const string Live = "/live";
    public const string Ready = "/ready";
    public const string Status = "/status";
    public const string StatusTopology = "/status/topology";
    public const string Metrics = "/metrics";

    /// <summary>The demo page and the JSON it reads (served by <c>demo --http</c> only).</summary>
    public const string DemoPage = "/";
    public const string DemoServiceGraph = "/api/demo/service-graph";
    public const string DemoRed = "/api/demo/red";
}
