using KafkaMetricsGen.Bench;

namespace KafkaMetricsGen.Tests.Bench;

public sealed class HopLossCheckTests
{
    [Fact]
    public void Passes_that_counted_the_single_pass_requests_are_accepted()
    {
        Assert.Null(HopLossCheck.Problem(454_550, 454_550, 454_550));
    }

    [Theory]
    [InlineData(454_550, 250_874, 454_550)]
    [InlineData(454_550, 454_550, 97_710)]
    [InlineData(130_901, 454_550, 454_550)]
    public void A_pass_that_counted_other_requests_is_refused_naming_the_counts(double single, double cold, double warm)
    {
        var problem = HopLossCheck.Problem(single, cold, warm);

        Assert.NotNull(problem);
        Assert.Contains($"counted {cold} (cold) and {warm} (warm)", problem, StringComparison.Ordinal);
        Assert.Contains($"the single pass counted {single}", problem, StringComparison.Ordinal);
        Assert.Contains("--trace-partitions", problem, StringComparison.Ordinal);
    }
}
