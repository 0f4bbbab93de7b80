namespace KafkaMetricsGen.Core.Ingest;

/// <summary>The outcome of decoding one record: success, or a reason (a <see cref="DecodeFailureReasons"/> constant) and a detail for people.</summary>
public readonly record struct DecodeResult(string? FailureReason, string? Detail)
{
    public static DecodeResult Ok => default;

    public bool Success => FailureReason is null;

    public static DecodeResult Fail(string reason, string detail) => new(reason, detail);

    public override string ToString() => Success ? "ok" : $"{FailureReason}: {Detail}";
}
