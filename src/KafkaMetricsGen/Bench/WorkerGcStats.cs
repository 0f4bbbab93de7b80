namespace KafkaMetricsGen.Bench;

/// <summary>Garbage collections during the worker phase of <c>bench throughput</c>, and the time they paused the process.</summary>
public readonly record struct WorkerGcStats(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    public static WorkerGcStats Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public WorkerGcStats Since(WorkerGcStats start) => new(Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Pause - start.Pause);
}
