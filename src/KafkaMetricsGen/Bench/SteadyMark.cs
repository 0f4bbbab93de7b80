using System.Diagnostics;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// One end of a worker pass's steady interval: when, the stream thread's CPU so far, the bytes allocated so far, and what
/// the runtime compiled so far.
/// </summary>
internal readonly record struct SteadyMark(TimeSpan At, TimeSpan Cpu, long Allocated, JitWork Jit)
{
    public static SteadyMark Now(Stopwatch watch, ThreadCpu streamThread) => new(watch.Elapsed, streamThread.Used(), GC.GetTotalAllocatedBytes(), JitWork.Now());
}
