using KafkaMetricsGen.Core.Ingest;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>Shared times and helpers of the registry tests.</summary>
internal static class RegistryTestData
{
    /// <summary>A multiple of 15 s, so window k ends at T0 + k·15 s.</summary>
    public const long T0 = 1_700_000_100_000;

    public static readonly double[] Buckets = [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384];

    public static ulong Ns(long ms) => (ulong)ms * 1_000_000UL;

    public static FakeTimeProvider Clock() => new(DateTimeOffset.FromUnixTimeMilliseconds(T0));

    public static LabelSet Labels(LabelBuilder b, params (string Name, string Value)[] pairs)
    {
        b.Clear();
        foreach (var (n, v) in pairs)
        {
            b.Add(n, v);
        }

        Assert.True(b.TryBuild(out var set));
        return set;
    }

    public static TraceId Trace(ulong low) => new(0, low);
}
