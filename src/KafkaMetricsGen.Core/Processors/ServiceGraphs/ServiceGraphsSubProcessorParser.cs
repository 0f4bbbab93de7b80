namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Reads the per-tenant <c>processors</c> list into the service-graph metric families it enables.</summary>
public static class ServiceGraphsSubProcessorParser
{
    /// <summary>
    /// The bare <c>service-graphs</c> enables request and latency, plus connection-info when that is also listed;
    /// without it, exactly the listed sub-names are enabled. <see cref="ServiceGraphsSubProcessors.None"/> means the
    /// processor is not wanted. Unknown names belong to other processors and are ignored.
    /// </summary>
    public static ServiceGraphsSubProcessors Parse(IEnumerable<string> processors)
    {
        ArgumentNullException.ThrowIfNull(processors);
        var bare = false;
        var listed = ServiceGraphsSubProcessors.None;
        foreach (var name in processors)
        {
            switch (name)
            {
                case ProcessorNames.ServiceGraphs:
                    bare = true;
                    break;
                case ProcessorNames.ServiceGraphsRequest:
                    listed |= ServiceGraphsSubProcessors.Request;
                    break;
                case ProcessorNames.ServiceGraphsLatency:
                    listed |= ServiceGraphsSubProcessors.Latency;
                    break;
                case ProcessorNames.ServiceGraphsConnectionInfo:
                    listed |= ServiceGraphsSubProcessors.ConnectionInfo;
                    break;
                default:
                    break;
            }
        }

        return bare ? ServiceGraphsSubProcessors.Default | (listed & ServiceGraphsSubProcessors.ConnectionInfo) : listed;
    }
}
