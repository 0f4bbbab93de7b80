using KafkaMetricsGen.Wire.Prometheus;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>One request the <see cref="RecordingRemoteWriteEndpoint"/> received: headers (names lower-cased) and the decoded body.</summary>
public sealed record RecordedWrite(IReadOnlyDictionary<string, string> Headers, WriteRequest? Request, int StatusReturned)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
