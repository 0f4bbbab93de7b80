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
    TimeSpan WorkerFirstDecoded,
    TimeSpan WorkerDecoded,
    TimeSpan WorkerCounted,
    long PeakWorkingSetBytes)
{
    public double BaselineSpansPerSecond => Spans / Baseline.TotalSeconds;

    public double WorkerSpansPerSecond => Spans / WorkerCounted.TotalSeconds;

    public double Ratio => WorkerSpansPerSecond / BaselineSpansPerSecond;

    /// <summary>Decode rate once the worker runs: from its first decoded span to its last (start-up excluded).</summary>
    public double SteadyDecodeSpansPerSecond => Spans / Math.Max(1e-3, (WorkerDecoded - WorkerFirstDecoded).TotalSeconds);

    public string Table()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Spans} spans in {Records} records ({Bytes / 1048576.0:0.0} MiB otlp_proto), {Partitions} partitions, {Guarantee}\n");
        text.Append(CultureInfo.InvariantCulture, $"{"phase",-40} {"seconds",9} {"spans/s",11}\n");
        Row(text, "fill (synthetic producer)", Fill);
        Row(text, "baseline (plain consumer, whole topic)", Baseline);
        Row(text, "worker: first span decoded (start-up)", WorkerFirstDecoded);
        Row(text, "worker: every span decoded", WorkerDecoded);
        Row(text, "worker: every span counted (calls_total)", WorkerCounted);
        text.Append(CultureInfo.InvariantCulture, $"decode rate after start-up {SteadyDecodeSpansPerSecond:0} spans/s\n");
        text.Append(CultureInfo.InvariantCulture, $"ratio worker/baseline {Ratio:0.000}; peak working set {PeakWorkingSetBytes / 1048576.0:0} MiB\n");
        return text.ToString();
    }

    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"throughput {Guarantee}: worker {WorkerSpansPerSecond:0} spans/s vs plain consumer {BaselineSpansPerSecond:0} spans/s (ratio {Ratio:0.000}), {Spans} spans, {Partitions} partitions, peak {PeakWorkingSetBytes / 1048576.0:0} MiB");

    private void Row(StringBuilder text, string phase, TimeSpan elapsed) =>
        text.Append(CultureInfo.InvariantCulture, $"{phase,-40} {elapsed.TotalSeconds,9:0.00} {Spans / elapsed.TotalSeconds,11:0}\n");
}
