namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Which service-graph metric families are written.</summary>
[Flags]
public enum ServiceGraphsSubProcessors
{
    None = 0,

    /// <summary>request_total and request_failed_total.</summary>
    Request = 1,

    /// <summary>The server, client (and opt-in messaging) latency histograms.</summary>
    Latency = 2,

    /// <summary>The connection_info gauge; only when listed explicitly.</summary>
    ConnectionInfo = 4,

    /// <summary>What the bare <c>service-graphs</c> name enables.</summary>
    Default = Request | Latency,
}
