namespace KafkaMetricsGen.Bench;

/// <summary>
/// One worker run of <c>bench throughput</c>, from the worker's start until every span is counted.
/// </summary>
/// <param name="Startup">Start until the first span is decoded.</param>
/// <param name="Steady">First span decoded until the generate stage processed the last one.</param>
/// <param name="LastWindow">Last span processed until its window reached the sink (every span counted).</param>
/// <param name="Counted">Start until every span is counted.</param>
/// <param name="StreamThreadCpu">CPU the stream thread used over the steady interval; null where it cannot be read.</param>
/// <param name="Allocated">Bytes the process allocated over the steady interval.</param>
/// <param name="Gc">Collections and pauses over the whole run.</param>
public sealed record WorkerPass(TimeSpan Startup, TimeSpan Steady, TimeSpan LastWindow, TimeSpan Counted, TimeSpan? StreamThreadCpu, long Allocated, WorkerGcStats Gc);
