namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>What the recording endpoint answers to one request: a status, an optional Retry-After or Location, or a hang.</summary>
public sealed record ScriptedResponse(int Status, string? RetryAfter = null, bool Hang = false, string? Location = null)
{
    public static ScriptedResponse Ok { get; } = new(204);
}
