namespace KafkaMetricsGen.Streams.Commit;

/// <summary>Defaults of the commit path.</summary>
public static class CommitDefaults
{
    /// <summary>
    /// How often a thread that is behind commits under at-least-once (<see cref="CommitPacer"/>): the exactly-once
    /// default commit interval. Shorter costs catch-up speed (every commit flushes the stores and waits for the broker);
    /// longer adds to what a crash replays.
    /// </summary>
    public static readonly TimeSpan CatchUpCommitInterval = TimeSpan.FromMilliseconds(100);
}
