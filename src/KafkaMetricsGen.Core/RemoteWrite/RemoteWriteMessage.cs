namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>The protobuf message a remote-write entry sends (<c>protobuf_message</c>).</summary>
public enum RemoteWriteMessage
{
    /// <summary><c>prometheus.WriteRequest</c>: remote write 1.0, every series with its label strings.</summary>
    V1,

    /// <summary><c>io.prometheus.write.v2.Request</c>: remote write 2.0, strings interned in a symbols table, with
    /// metadata and created timestamps.</summary>
    V2,
}
