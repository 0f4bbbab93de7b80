using System.Globalization;

namespace KafkaMetricsGen.Streams.Replay;

/// <summary>
/// Where a replay stands: records committed of the range, spans decoded so far, the rate since the start and the
/// time left at that rate. Records are what the range is measured in; spans are known only once decoded.
/// </summary>
public readonly record struct ReplayProgress(long RecordsDone, long RecordsTotal, long Spans, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? RecordsDone / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the rate so far; null before the first record is committed.</summary>
    public TimeSpan? Eta => RecordsDone >= RecordsTotal ? TimeSpan.Zero
        : RecordsPerSecond > 0 ? TimeSpan.FromSeconds((RecordsTotal - RecordsDone) / RecordsPerSecond) : null;

    public double Percent => RecordsTotal > 0 ? 100.0 * RecordsDone / RecordsTotal : 100;

    /// <summary><c>1,200 of 5,000 records (24.0 %), 13,200 spans, 240 records/s, ETA 16s</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RecordsDone:N0} of {RecordsTotal:N0} records ({Percent:0.0} %), {Spans:N0} spans, {RecordsPerSecond:N0} records/s, ETA {(Eta is { } eta ? Format(eta) : "unknown")}");

    private static string Format(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
        : t.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:00}s")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(t.TotalSeconds):0}s");
}
