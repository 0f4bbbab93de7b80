using System.Text.RegularExpressions;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public class Re2RegexTests
{
    [Theory]
    [InlineData("GET", "GET", true)]
    [InlineData("GET", "xGETx", false)]
    [InlineData("G.*", "GET /a", true)]
    [InlineData("a.b", "a\nb", true)]
    [InlineData("a$", "a\n", false)]
    [InlineData("(?m)a$", "a", true)]
    [InlineData("^/api/.*", "/api/v1", true)]
    [InlineData("\\d+", "123", true)]
    [InlineData("\\d+", "١٢٣", false)]
    [InlineData("\\w+", "héllo", false)]
    [InlineData("[\\d]+x", "12x", true)]
    [InlineData("\\D+", "ab", true)]
    [InlineData("\\s", "\u00a0", false)]
    [InlineData("[[:alpha:]]+[[:digit:]]", "abc1", true)]
    [InlineData("[[:upper:]]", "a", false)]
    [InlineData("(?P<verb>GET|POST) /", "POST /", true)]
    [InlineData("\\pL+", "héllo", true)]
    [InlineData("\\Q.*\\E", ".*", true)]
    [InlineData("\\Q.*\\E", "ab", false)]
    [InlineData("(?i)get", "GET", true)]
    [InlineData("(?U)a+", "aaa", true)]
    [InlineData("a{2,3}", "aaa", true)]
    [InlineData("a{,3}", "a{,3}", true)]
    [InlineData("[]a]+", "]a]", true)]
    [InlineData("[a-[]", "[", true)]
    [InlineData("\\101", "A", true)]
    [InlineData("\\x{41}", "A", true)]
    [InlineData("", "", true)]
    public void Matches_as_tempo_anchors_re2(string pattern, string input, bool expected) =>
        Assert.Equal(expected, Re2Regex.Compile(pattern).IsMatch(input));

    [Theory]
    [InlineData("(a)\\1", "backreference '\\1'")]
    [InlineData("(?<n>a)\\k<n>", "named backreference")]
    [InlineData("a(?=b)", "lookaround '(?='")]
    [InlineData("a(?!b)", "lookaround '(?!'")]
    [InlineData("(?<=a)b", "lookaround '(?<='")]
    [InlineData("(?<!a)b", "lookaround '(?<!'")]
    [InlineData("(?>a+)", "atomic group")]
    [InlineData("a*+", "invalid nested repetition operator")]
    [InlineData("a**", "invalid nested repetition operator")]
    [InlineData("a{1001}", "invalid repeat count")]
    [InlineData("(?x)a b", "invalid or unsupported Perl syntax '(?x'")]
    [InlineData("a\\Z", "invalid escape sequence '\\Z'")]
    [InlineData("[[:nope:]]", "invalid character class range")]
    [InlineData("[abc", "missing closing ]")]
    [InlineData("a\\", "trailing backslash")]
    public void Rejects_what_re2_rejects_naming_the_construct(string pattern, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => Re2Regex.Compile(pattern));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Contains("RE2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(a")]
    [InlineData("a)")]
    public void A_malformed_pattern_names_the_pattern(string pattern) =>
        Assert.Contains("'" + pattern + "'", Assert.Throws<ArgumentException>(() => Re2Regex.Compile(pattern)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void Groups_nest_as_deep_as_re2_allows(int depth, bool compiles)
    {
        var pattern = new string('(', depth) + "a" + new string(')', depth);
        if (compiles)
        {
            Assert.Matches(Re2Regex.Compile(pattern), "a");
            return;
        }

        Assert.Contains("expression nests too deeply", Assert.Throws<ArgumentException>(() => Re2Regex.Compile(pattern)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_on_the_linear_time_engine_without_a_timeout()
    {
        var regex = Re2Regex.Compile("(a|a)*(a|a)*b");
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(Regex.InfiniteMatchTimeout, regex.MatchTimeout);

        // Exponential for a backtracking engine; one pass for the automaton.
        Assert.DoesNotMatch(regex, new string('a', 50_000));
    }
}
