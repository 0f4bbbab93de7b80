namespace KafkaMetricsGen.Core.Synthetic;

/// <summary>Defaults of the synthetic shop system.</summary>
public static class SyntheticTraceDefaults
{
    /// <summary>2 % of payment calls fail.</summary>
    public const double PaymentErrorRate = 0.02;

    /// <summary>1 % of stock look-ups fail.</summary>
    public const double InventoryErrorRate = 0.01;

    /// <summary>Spans in one generated trace.</summary>
    public const int SpansPerTrace = 11;
}
