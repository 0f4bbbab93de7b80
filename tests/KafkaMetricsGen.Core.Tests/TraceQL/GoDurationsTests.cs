using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public class GoDurationsTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(1_500L, "1.5µs")]
    [InlineData(60_000_000L, "60ms")]
    [InlineData(59_000_000L, "59ms")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(45_000_000_000L, "45s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(3_723_500_000_000L, "1h2m3.5s")]
    [InlineData(-2_000_000L, "-2ms")]
    public void Formats_as_gos_duration_string(long nanoseconds, string expected) =>
        Assert.Equal(expected, GoDurations.Format(nanoseconds));
}
