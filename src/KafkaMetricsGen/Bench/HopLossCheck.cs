using System.Globalization;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// Whether the worker's passes did the single pass's service-graph work. The bench counts a pass done once every span is
/// in <c>calls_total</c>, which span metrics count before the hop, so a pass that lost spans-by-trace records (the
/// embedded broker keeps only the last 5 MiB per partition) or dropped edges would look done, and faster than it is.
/// Service graphs run after the hop: every pass pairs the same requests over the same records, or the run is refused.
/// </summary>
public static class HopLossCheck
{
    /// <summary>Null when both worker passes counted the single pass's requests; else what differs and what to do.</summary>
    public static string? Problem(double singlePass, double cold, double warm)
    {
        if (cold == singlePass && warm == singlePass)
        {
            return null;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"the worker counted {cold} (cold) and {warm} (warm) service-graph requests where the single pass counted {singlePass}, over the same records: spans-by-trace records were lost (the embedded broker keeps the last 5 MiB per partition) or edges were dropped; use fewer --spans or more --trace-partitions");
    }
}
