using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Tests.Configuration;

public class GoDurationTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    [InlineData("1d", 86_400_000)]
    public void Parses_go_durations(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), d);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("s")]
    [InlineData("1x")]
    [InlineData("")]
    public void Rejects_what_go_rejects(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData("15s")]
    [InlineData("1m30s")]
    [InlineData("250ms")]
    [InlineData("2h")]
    [InlineData("0s")]
    public void Formats_back_to_the_short_form(string text) => Assert.Equal(text, GoDuration.Format(GoDuration.Parse(text)));
}
