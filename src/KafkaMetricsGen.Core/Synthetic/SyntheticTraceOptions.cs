namespace KafkaMetricsGen.Core.Synthetic;

/// <summary>Settings of the synthetic shop system the demo and the throughput harness produce traces from.</summary>
public sealed class SyntheticTraceOptions
{
    /// <summary>Seed of the random source, so a run can be reproduced.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Share of payment calls that fail (status ERROR), 0..1.</summary>
    public double PaymentErrorRate { get; init; } = SyntheticTraceDefaults.PaymentErrorRate;

    /// <summary>Share of stock look-ups that fail, 0..1.</summary>
    public double InventoryErrorRate { get; init; } = SyntheticTraceDefaults.InventoryErrorRate;

    /// <summary>Multiplies every latency (1 = the built-in spread).</summary>
    public double LatencyScale { get; init; } = 1.0;

    public void Validate()
    {
        if (PaymentErrorRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PaymentErrorRate), PaymentErrorRate, "must be between 0 and 1");
        }

        if (InventoryErrorRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(InventoryErrorRate), InventoryErrorRate, "must be between 0 and 1");
        }

        if (LatencyScale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyScale), LatencyScale, "must be positive");
        }
    }
}
