namespace KafkaMetricsGen.Core.Windows;

/// <summary>
/// Epoch-aligned windows of a fixed length: window k covers event times [k·len, (k+1)·len) in ms and its samples are
/// stamped at its end (k+1)·len.
/// </summary>
public static class EventTimeWindows
{
    public const long NanosPerMilli = 1_000_000;

    /// <summary>The end (exclusive) of the window holding <paramref name="eventTimeMs"/>.</summary>
    public static long EndOf(long eventTimeMs, long intervalMs) => FloorDiv(eventTimeMs, intervalMs) * intervalMs + intervalMs;

    /// <summary>The end of the oldest window still open at <paramref name="watermarkMs"/> (open while end + grace &gt; watermark).</summary>
    public static long OldestOpenEnd(long watermarkMs, long intervalMs, long graceMs) => (FloorDiv(watermarkMs - graceMs, intervalMs) + 1) * intervalMs;

    /// <summary>True when a window ending at <paramref name="windowEndMs"/> is closed at <paramref name="watermarkMs"/>.</summary>
    public static bool IsClosed(long windowEndMs, long watermarkMs, long graceMs) => windowEndMs + graceMs <= watermarkMs;

    public static long ToMillis(ulong unixNano) => (long)(unixNano / NanosPerMilli);

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
