namespace KafkaMetricsGen.Commands;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("2m", 120_000)]
    [InlineData("00:01:00", 60_000)]
    public void Reads_Tempo_style_and_clock_style_durations(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DurationParser.Parse(text));

    [Fact]
    public void A_bad_duration_on_the_command_line_is_a_parse_error_naming_the_option()
    {
        var result = CommandLineFactory.Create().Parse(["demo", "--duration", "bogus"]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("--duration", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bogus' is not a duration", error.Message, StringComparison.Ordinal);
    }
}
