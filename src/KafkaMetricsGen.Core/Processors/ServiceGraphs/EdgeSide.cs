namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Which half of an edge a span provides: CLIENT/PRODUCER spans the client, SERVER/CONSUMER spans the server.</summary>
public enum EdgeSide : byte
{
    Client = 0,
    Server = 1,
}
