namespace KafkaMetricsGen.Core.Processors.Shared;

public class LabelNamesTests
{
    [Theory]
    [InlineData("label-name", "label_name")]
    [InlineData("foo.name", "foo_name")]
    [InlineData("foo bar", "foo_bar")]
    [InlineData("already_ok_9", "already_ok_9")]
    [InlineData("9lives", "9lives")]
    [InlineData("héllo", "h_llo")]
    [InlineData("a😀b", "a_b")]
    public void Replaces_each_code_point_outside_the_label_alphabet_with_one_underscore(string name, string expected)
    {
        Assert.Equal(expected, LabelNames.Sanitize(name));
    }

    [Fact]
    public void Prefixes_a_name_that_collides_after_sanitizing()
    {
        string[] reserved = ["span_kind", "span_name"];
        Assert.Equal("__span_kind", LabelNames.SanitizeAvoiding("span.kind", reserved));
        Assert.Equal("__span_name", LabelNames.SanitizeAvoiding("span_name", reserved));
        Assert.Equal("span_id", LabelNames.SanitizeAvoiding("span.id", reserved));
    }
}
