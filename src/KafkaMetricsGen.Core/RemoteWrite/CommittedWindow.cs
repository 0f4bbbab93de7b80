namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>A window one commit put into the queue of the endpoint named <paramref name="Endpoint"/>.</summary>
public sealed record CommittedWindow(string Endpoint, EncodedWindow Window);
