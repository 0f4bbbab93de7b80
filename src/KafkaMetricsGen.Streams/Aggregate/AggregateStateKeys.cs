using System.Globalization;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// Key layout of the aggregate state store: <c>s|tenant|seriesKey</c> cumulative series, <c>p|tenant|seq</c> deltas
/// of windows not yet closed, <c>c|tenant</c> the end of the last closed window, <c>w|partition</c> upstream watermarks,
/// <c>u|tenant|seq</c> closed windows not yet sent (kept by the sink, <see cref="IDurableTenantSinks"/>).
/// Tenants cannot contain <c>|</c> in a way that matters: the tenant is always followed by a fixed-format suffix.
/// </summary>
public static class AggregateStateKeys
{
    public const string SeriesPrefix = "s|";
    public const string PendingPrefix = "p|";
    public const string ClosedPrefix = "c|";
    public const string WatermarkPrefix = "w|";
    public const string UnsentPrefix = "u|";

    public static string Series(string tenant, ulong seriesKey) => SeriesPrefix + tenant + "|" + seriesKey.ToString("x16", CultureInfo.InvariantCulture);

    public static string Pending(string tenant, long sequence) => PendingPrefix + tenant + "|" + sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static string Unsent(string tenant, long sequence) => UnsentPrefix + tenant + "|" + sequence.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The sequence number that ends a pending or unsent key.</summary>
    public static long SequenceOf(string key) => long.Parse(key.AsSpan(key.LastIndexOf('|') + 1), CultureInfo.InvariantCulture);

    public static string Closed(string tenant) => ClosedPrefix + tenant;

    public static string Watermark(int partition) => WatermarkPrefix + partition.ToString(CultureInfo.InvariantCulture);

    /// <summary>The tenant of a series or pending key (the part between the prefix and the last separator).</summary>
    public static string TenantOf(string key) => key[2..key.LastIndexOf('|')];
}
