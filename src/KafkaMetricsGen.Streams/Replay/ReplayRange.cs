namespace KafkaMetricsGen.Streams.Replay;

/// <summary>The offsets one partition replays: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
public readonly record struct ReplayRange(long Start, long End)
{
    public bool IsEmpty => End <= Start;
}
