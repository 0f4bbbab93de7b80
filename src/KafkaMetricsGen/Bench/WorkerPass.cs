using System.Runtime;

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
/// <param name="CountedCpu">
/// Stream-thread CPU from the first span decoded until every span is counted: the steady interval plus the last window,
/// so the work of the aggregate stage and the sink is in it whatever the guarantee (under exactly-once most of it runs
/// after the steady interval, since a stage sees the records of the one before only once they are committed).
/// </param>
/// <param name="CountedAllocated">Bytes the process allocated over the same interval.</param>
/// <param name="Phases">When the parts of <paramref name="Startup"/> ended.</param>
/// <param name="LastQuiet">
/// The first part of <paramref name="LastWindow"/>: last span processed until the last task went quiet (its watermark
/// began to follow the clock, which closes the last window); the rest is the watermark's way to the sink.
/// </param>
public sealed record WorkerPass(TimeSpan Startup, TimeSpan Steady, TimeSpan LastWindow, TimeSpan Counted, TimeSpan? StreamThreadCpu, long Allocated, WorkerGcStats Gc, TimeSpan? CountedCpu, long CountedAllocated, StartupPhases Phases, TimeSpan LastQuiet)
{
    /// <summary>The service-graph requests the pass counted (<see cref="HopLossCheck"/>).</summary>
    public double Requests { get; init; }

    /// <summary>
    /// What the runtime compiled over the steady interval, on any thread: in a settled process nearly nothing, so a large
    /// figure says the compiler's background thread shared the machine with the stream thread.
    /// </summary>
    public JitWork Jit { get; init; }
}

/// <summary>Methods the runtime compiled and the time it spent compiling them (all threads).</summary>
public readonly record struct JitWork(long Methods, TimeSpan Time)
{
    public static JitWork Now() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    public JitWork Since(JitWork start) => new(Methods - start.Methods, Time - start.Time);
}

/// <summary>
/// The start-up of a worker pass, each mark from the worker's start: <paramref name="Started"/> when the stream was
/// started (topics ensured, clients created), <paramref name="Assigned"/> when the group gave it partitions (join and
/// sync), <paramref name="Running"/> when every task was ready (stores opened and restored).
/// </summary>
public sealed record StartupPhases(TimeSpan Started, TimeSpan Assigned, TimeSpan Running);
