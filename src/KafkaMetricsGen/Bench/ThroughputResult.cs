using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Bench;

/// <summary>What <c>bench throughput</c> measured.</summary>
public sealed record ThroughputResult(
    long Spans,
    long Records,
    long Bytes,
    int Partitions,
    string Guarantee,
    TimeSpan Fill,
    TimeSpan Baseline,
    TimeSpan PassThrough,
    TimeSpan PassThroughHop,
    TimeSpan WorkerFirstDecoded,
    TimeSpan WorkerDecoded,
    TimeSpan WorkerCounted,
    long PeakWorkingSetBytes,
    WorkerGcStats Gc)
{
    public double BaselineSpansPerSecond => Spans / Baseline.TotalSeconds;

    public double WorkerSpansPerSecond => Spans / WorkerCounted.TotalSeconds;

    public double Ratio => WorkerSpansPerSecond / BaselineSpansPerSecond;

    /// <summary>Kafka Streams doing nothing, against the plain consumer: the most any Kafka Streams worker can reach.</summary>
    public double PassThroughRatio => Baseline / PassThrough;

    /// <summary>As <see cref="PassThroughRatio"/> through one repartition hop, as the worker's route-by-trace step.</summary>
    public double PassThroughHopRatio => Baseline / PassThroughHop;

    /// <summary>Decode rate once the worker runs: from its first decoded span to its last (start-up excluded).</summary>
    public double SteadyDecodeSpansPerSecond => Spans / Math.Max(1e-3, (WorkerDecoded - WorkerFirstDecoded).TotalSeconds);

    public string Table()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Spans} spans in {Records} records ({Bytes / 1048576.0:0.0} MiB otlp_proto), {Partitions} partitions, {Guarantee}\n");
        text.Append(CultureInfo.InvariantCulture, $"{"phase",-40} {"seconds",9} {"spans/s",11}\n");
        Row(text, "fill (synthetic producer)", Fill);
        Row(text, "baseline (plain consumer, whole topic)", Baseline);
        Row(text, "ceiling: Kafka Streams to a no-op", PassThrough);
        Row(text, "ceiling: same, through one hop", PassThroughHop);
        Row(text, "worker: first span decoded (start-up)", WorkerFirstDecoded);
        Row(text, "worker: every span decoded", WorkerDecoded);
        Row(text, "worker: every span counted (calls_total)", WorkerCounted);
        text.Append(CultureInfo.InvariantCulture, $"decode rate after start-up {SteadyDecodeSpansPerSecond:0} spans/s\n");
        text.Append(CultureInfo.InvariantCulture, $"worker garbage collections: gen0 {Gc.Gen0}, gen1 {Gc.Gen1}, gen2 {Gc.Gen2}; paused {Gc.Pause.TotalSeconds:0.00} s\n");
        text.Append(CultureInfo.InvariantCulture, $"ceiling ratios: Kafka Streams to a no-op {PassThroughRatio:0.000}, through one hop {PassThroughHopRatio:0.000}\n");
        text.Append(CultureInfo.InvariantCulture, $"ratio worker/baseline {Ratio:0.000}; peak working set {PeakWorkingSetBytes / 1048576.0:0} MiB\n");
        return text.ToString();
    }

    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"throughput {Guarantee}: worker {WorkerSpansPerSecond:0} spans/s vs plain consumer {BaselineSpansPerSecond:0} spans/s (ratio {Ratio:0.000}; Kafka Streams alone {PassThroughRatio:0.000}, through one hop {PassThroughHopRatio:0.000}), {Spans} spans, {Partitions} partitions, peak {PeakWorkingSetBytes / 1048576.0:0} MiB");

    private void Row(StringBuilder text, string phase, TimeSpan elapsed) =>
        text.Append(CultureInfo.InvariantCulture, $"{phase,-40} {elapsed.TotalSeconds,9:0.00} {Spans / elapsed.TotalSeconds,11:0}\n");
}
