using KafkaMetricsGen.Wire.Prometheus;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>One request the <see cref="RecordingRemoteWriteEndpoint"/> received: headers (names lower-cased) and the decoded body.</summary>
public sealed record RecordedWrite(IReadOnlyDictionary<string, string> Headers, WriteRequest? Request, int StatusReturned)
{
    /// <summary>The HTTP version the request came with (<c>HTTP/1.1</c>, <c>HTTP/2</c>).</summary>
    public string Protocol { get; init; } = "";

    /// <summary>The decoded remote write 2.0 body, when the request said it carries one.</summary>
    public KafkaMetricsGen.Wire.Prometheus.V2.Request? V2Request { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
