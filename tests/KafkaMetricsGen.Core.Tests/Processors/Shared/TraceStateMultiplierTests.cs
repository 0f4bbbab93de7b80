using System.Text;

namespace KafkaMetricsGen.Core.Processors.Shared;

public class TraceStateMultiplierTests
{
    private static double Of(string traceState) => TraceStateMultiplier.FromTraceState(Encoding.UTF8.GetBytes(traceState));

    [Theory]
    [InlineData("ot=th:8", 2)]
    [InlineData("ot=th:c", 4)]
    [InlineData("ot=th:0", 1)]
    [InlineData("vendor=x, ot=th:8;foo:bar ,other=y", 2)]
    public void Derives_the_adjusted_count_from_the_threshold(string traceState, double expected)
    {
        Assert.Equal(expected, Of(traceState), 12);
    }

    [Fact]
    public void Pads_a_short_threshold_to_56_bits()
    {
        // th:fd70a4 is T = 0xfd70a400000000; 2^56 / (2^56 - T) = 1 / (1 - 0xfd70a4 / 2^24).
        Assert.Equal(1 / (1 - (0xfd70a4 / 16777216.0)), Of("ot=th:fd70a4"), 9);
    }

    [Fact]
    public void Rounds_stochastically_with_the_randomness_value()
    {
        // Adjusted count 1/0.3 ≈ 3.333 is not representable exactly; th for p=0.3 is 0xb3333333333333.
        Assert.Equal(4, Of("ot=th:b3333333333333;rv:00000000000000"));
        Assert.Equal(3, Of("ot=th:b3333333333333;rv:ffffffffffffff"));
        Assert.Equal(2, Of("ot=th:8;rv:ffffffffffffff"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("vendor=abc")]
    [InlineData("ot=rv:00000000000000")]
    [InlineData("ot=th:xyz")]
    [InlineData("ot=th:123456789abcdef")]
    [InlineData("ot=th:8;rv:123")]
    [InlineData("xot=th:8")]
    public void Returns_zero_when_no_usable_threshold_is_present(string traceState)
    {
        Assert.Equal(0, Of(traceState));
    }
}
