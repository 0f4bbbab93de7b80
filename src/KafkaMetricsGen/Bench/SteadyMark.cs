using System.Diagnostics;
using System.Runtime;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// One end of a worker pass's steady interval: when, the stream thread's CPU so far, the bytes allocated so far, and the
/// methods the runtime compiled so far with the time it spent on them (all threads).
/// </summary>
internal readonly record struct SteadyMark(TimeSpan At, TimeSpan Cpu, long Allocated, long Compiled, TimeSpan Compiling)
{
    public static SteadyMark Now(Stopwatch watch, ThreadCpu streamThread) =>
        new(watch.Elapsed, streamThread.Used(), GC.GetTotalAllocatedBytes(), JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
}
