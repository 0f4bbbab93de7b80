namespace KafkaMetricsGen.Core.Registry;

/// <summary>Prometheus' staleness marker: a NaN with a reserved bit pattern that ends a series at a timestamp.</summary>
public static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static double Value => BitConverter.UInt64BitsToDouble(Bits);

    public static bool Is(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
