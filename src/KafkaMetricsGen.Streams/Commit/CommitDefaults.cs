namespace KafkaMetricsGen.Streams.Commit;

/// <summary>Defaults of the commit path.</summary>
public static class CommitDefaults
{
    /// <summary>
    /// How often at most a thread that is behind commits under at-least-once (<see cref="CommitPacer"/>): the
    /// exactly-once default commit interval. Shorter costs catch-up speed (every commit flushes the stores and waits
    /// for the broker); longer adds to what a crash replays.
    /// </summary>
    public static readonly TimeSpan CatchUpCommitInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A thread that is behind waits this many times its last catch-up commit's duration before the next one
    /// (<see cref="CommitPacer"/>): about a tenth of its time goes to committing.
    /// </summary>
    public const long CatchUpCostFactor = 10;

    /// <summary>
    /// How long one step of a stream thread's producer flush waits before it asks again whether every record is
    /// acknowledged (<see cref="StreamThreadProducer"/>; librdkafka's own flush waits in steps of 10 ms).
    /// </summary>
    public static readonly TimeSpan FlushStep = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How long the metadata request that connects a new transactional producer waits for an answer
    /// (<see cref="ProducerConnectionWarmup"/>); it runs aside, so this only bounds how long it holds its thread.
    /// </summary>
    public static readonly TimeSpan ProducerWarmupTimeout = TimeSpan.FromSeconds(5);
}
