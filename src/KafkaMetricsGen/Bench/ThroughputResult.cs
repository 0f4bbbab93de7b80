using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// What <c>bench throughput</c> measured. Rates are steady rates: spans ÷ (last span processed − first span decoded),
/// so start-up and the close of the last window, reported on their own, do not dilute them. The cold pass is the first
/// worker in the process; the warm pass runs the same topic again under a new application id, with the runtime's
/// compiler and caches settled, as in a long-running worker.
/// </summary>
public sealed record ThroughputResult(
    long Spans,
    long Records,
    long Bytes,
    int Partitions,
    string Guarantee,
    bool TracePartitioned,
    TimeSpan Fill,
    TimeSpan Baseline,
    long BaselineAllocated,
    TimeSpan PassThrough,
    TimeSpan PassThroughHop,
    TimeSpan SinglePass,
    WorkerPass Cold,
    WorkerPass Warm,
    long PeakWorkingSetBytes,
    TimeSpan? SinglePassCpu = null)
{
    public double BaselineSpansPerSecond => Spans / Baseline.TotalSeconds;

    public double WarmSpansPerSecond => Rate(Warm);

    public double ColdSpansPerSecond => Rate(Cold);

    /// <summary>The warm steady rate against the plain consumer's.</summary>
    public double WarmRatio => WarmSpansPerSecond / BaselineSpansPerSecond;

    public double ColdRatio => ColdSpansPerSecond / BaselineSpansPerSecond;

    /// <summary>Kafka Streams doing nothing, against the plain consumer: the most any Kafka Streams worker can reach.</summary>
    public double PassThroughRatio => Baseline / PassThrough;

    /// <summary>As <see cref="PassThroughRatio"/> through one repartition hop, as the worker's spans-by-trace step.</summary>
    public double PassThroughHopRatio => Baseline / PassThroughHop;

    /// <summary>Decode, generate and aggregate behind a plain consumer on one thread: the design's limit.</summary>
    public double SinglePassRatio => Baseline / SinglePass;

    /// <summary>Stream-thread CPU per span over the warm steady interval, µs; NaN where it cannot be read.</summary>
    public double CpuMicrosecondsPerSpan => Warm.StreamThreadCpu is { } cpu ? cpu.TotalMicroseconds / Spans : double.NaN;

    /// <summary>
    /// <see cref="CpuMicrosecondsPerSpan"/> over the single pass's own CPU per span, measured on the same host in the same
    /// run: the CPU figure with the host's speed taken out (the same single pass took 0.36 to 0.89 µs a span on
    /// machines of one size and across hours on one of them). NaN where either cannot be read.
    /// </summary>
    public double CpuToSinglePass => Warm.StreamThreadCpu is { } cpu && SinglePassCpu is { } single && single > TimeSpan.Zero ? cpu / single : double.NaN;

    /// <summary>Bytes allocated per span over the warm steady interval.</summary>
    public double AllocatedBytesPerSpan => (double)Warm.Allocated / Spans;

    public double BaselineAllocatedBytesPerSpan => (double)BaselineAllocated / Spans;

    public string Input => TracePartitioned ? "trace-partitioned" : "unpartitioned";

    public string Table()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Spans} spans in {Records} records ({Bytes / 1048576.0:0.0} MiB otlp_proto), {Partitions} partitions, {Guarantee}, input {Input}\n");
        text.Append(CultureInfo.InvariantCulture, $"{"phase",-52} {"seconds",9} {"spans/s",11} {"ratio",7}\n");
        Row(text, "fill (synthetic producer)", Fill);
        Row(text, "baseline: plain consumer, whole topic", Baseline);
        Row(text, "ceiling: single pass (decode, generate, aggregate)", SinglePass);
        Row(text, "ceiling: Kafka Streams to a no-op", PassThrough);
        Row(text, "ceiling: same, through one hop", PassThroughHop);
        Row(text, "worker cold: steady (first decoded to last processed)", Cold.Steady);
        Row(text, "worker warm: steady", Warm.Steady);
        text.Append(CultureInfo.InvariantCulture, $"start-up (worker start to first span decoded): cold {Cold.Startup.TotalSeconds:0.00} s, warm {Warm.Startup.TotalSeconds:0.00} s\n");
        text.Append(CultureInfo.InvariantCulture, $"start-up phases (from worker start): stream started cold {Cold.Phases.Started.TotalSeconds:0.00} s, warm {Warm.Phases.Started.TotalSeconds:0.00} s; partitions assigned cold {Cold.Phases.Assigned.TotalSeconds:0.00} s, warm {Warm.Phases.Assigned.TotalSeconds:0.00} s; running cold {Cold.Phases.Running.TotalSeconds:0.00} s, warm {Warm.Phases.Running.TotalSeconds:0.00} s\n");
        text.Append(CultureInfo.InvariantCulture, $"last window (last span processed to its window in the sink): cold {Cold.LastWindow.TotalSeconds:0.00} s, warm {Warm.LastWindow.TotalSeconds:0.00} s\n");
        text.Append(CultureInfo.InvariantCulture, $"last window phases (from last span processed): last task quiet cold {Cold.LastQuiet.TotalSeconds:0.00} s, warm {Warm.LastQuiet.TotalSeconds:0.00} s; window in the sink cold {Cold.LastWindow.TotalSeconds:0.00} s, warm {Warm.LastWindow.TotalSeconds:0.00} s\n");
        text.Append(CultureInfo.InvariantCulture, $"until every span counted: cold {Cold.Counted.TotalSeconds:0.00} s, warm {Warm.Counted.TotalSeconds:0.00} s\n");
        text.Append(CultureInfo.InvariantCulture, $"stream thread CPU per span, steady: warm {Micro(Warm)} us, cold {Micro(Cold)} us; single pass {Micro(SinglePassCpu)} us (its thread, the same host and run); warm {CpuToSinglePass:0.00}x the single pass\n");
        text.Append(CultureInfo.InvariantCulture, $"allocated per span, steady: warm {AllocatedBytesPerSpan:0} B, cold {(double)Cold.Allocated / Spans:0} B; plain consumer {BaselineAllocatedBytesPerSpan:0} B ({AllocatedBytesPerSpan / BaselineAllocatedBytesPerSpan:0.0}x)\n");
        text.Append(CultureInfo.InvariantCulture, $"first decoded until counted (every stage's work, whatever the guarantee): CPU per span warm {Micro(Warm.CountedCpu)} us, cold {Micro(Cold.CountedCpu)} us; allocated per span warm {(double)Warm.CountedAllocated / Spans:0} B, cold {(double)Cold.CountedAllocated / Spans:0} B\n");
        text.Append(CultureInfo.InvariantCulture, $"garbage collections, warm pass: gen0 {Warm.Gc.Gen0}, gen1 {Warm.Gc.Gen1}, gen2 {Warm.Gc.Gen2}; paused {Warm.Gc.Pause.TotalSeconds:0.00} s (cold {Cold.Gc.Pause.TotalSeconds:0.00} s)\n");
        text.Append(CultureInfo.InvariantCulture, $"compiled by the runtime, steady: warm {Warm.Jit.Methods} methods in {Warm.Jit.Time.TotalSeconds:0.00} s, cold {Cold.Jit.Methods} in {Cold.Jit.Time.TotalSeconds:0.00} s\n");
        text.Append(CultureInfo.InvariantCulture, $"peak working set {PeakWorkingSetBytes / 1048576.0:0} MiB\n");
        return text.ToString();
    }

    /// <summary>One line with the figures the targets are set on; the warm pass gives CPU and allocation, the cold one start-up and last window.</summary>
    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"throughput {Guarantee} {Input}: steady warm ratio {WarmRatio:0.00} (cold {ColdRatio:0.00}), single pass {SinglePassRatio:0.00}, cpu {CpuMicrosecondsPerSpan:0.00} us/span ({CpuToSinglePass:0.00}x single pass), alloc {AllocatedBytesPerSpan:0} B/span, startup {Cold.Startup.TotalSeconds:0.00} s, last window {Cold.LastWindow.TotalSeconds:0.0} s");

    private double Rate(WorkerPass pass) => Spans / Math.Max(1e-3, pass.Steady.TotalSeconds);

    private string Micro(WorkerPass pass) => Micro(pass.StreamThreadCpu);

    private string Micro(TimeSpan? cpu) => cpu is { } used ? (used.TotalMicroseconds / Spans).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private void Row(StringBuilder text, string phase, TimeSpan elapsed) =>
        text.Append(CultureInfo.InvariantCulture, $"{phase,-52} {elapsed.TotalSeconds,9:0.00} {Spans / elapsed.TotalSeconds,11:0} {Baseline / elapsed,7:0.00}\n");
}
