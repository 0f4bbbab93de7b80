namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>The kind of an edge; <see cref="None"/> is a plain client→server call (no <c>connection_type</c> label).</summary>
public enum ConnectionType : byte
{
    None = 0,
    MessagingSystem = 1,
    Database = 2,
    VirtualNode = 3,
}
