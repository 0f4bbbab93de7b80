namespace KafkaMetricsGen.Streams.Replay;

/// <summary>What a finished replay did: its application id and the offsets it covered.</summary>
public sealed record ReplayResult(string ApplicationId, IReadOnlyDictionary<string, ReplayRange[]> Plan)
{
    public long Records => Plan.Values.Sum(ranges => ranges.Sum(r => Math.Max(0, r.End - r.Start)));
}
