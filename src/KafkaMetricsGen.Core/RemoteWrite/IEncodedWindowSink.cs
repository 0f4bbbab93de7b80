namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Receives the encoded requests of each committed collection (a <see cref="RemoteWriteQueue"/>, or a test).</summary>
public interface IEncodedWindowSink
{
    void Enqueue(EncodedWindow window);
}
