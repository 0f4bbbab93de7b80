using KafkaMetricsGen.Core.Registry.Sanitizer;

namespace KafkaMetricsGen.Core.Tests.Registry.Sanitizer;

/// <summary>The cases of Tempo's pkg/drain tests.</summary>
public class DrainTests
{
    [Fact]
    public void Prune_removes_the_branches_of_evicted_clusters()
    {
        var drain = new Drain();
        foreach (var line in (string[])["test test test 123", "test test test 456", "test test test 789", "test test test 101", "my name is 104", "my name is 105", "my name is 106", "my name is 107"])
        {
            drain.Train(line);
        }

        Assert.Equal(2, drain.ClusterCount);
        Assert.Equal(16, drain.NodeCount());

        drain.Evict(1);
        Assert.Equal(1, drain.ClusterCount);
        Assert.Equal(16, drain.NodeCount());

        drain.Prune();
        Assert.Equal(1, drain.ClusterCount);
        Assert.Equal(9, drain.NodeCount());
    }

    [Fact]
    public void Similar_names_form_one_pattern_with_a_parameter()
    {
        var drain = new Drain();
        var patterns = new HashSet<string>();
        foreach (var name in (string[])["GET /api/users/123", "GET /api/users/456", "GET /api/users/789", "GET /api/users/101"])
        {
            patterns.Add(drain.Train(name)!.Text);
        }

        Assert.True(patterns.Count < 4);
        Assert.Equal("GET /api/users/<_>", drain.Clusters.Single().Text);
    }

    [Fact]
    public void Different_names_form_several_patterns()
    {
        var drain = new Drain();
        foreach (var name in (string[])["GET /api/users/123", "GET /api/users/456", "POST /api/posts/789", "POST /api/posts/101", "PUT /api/comments/202", "DELETE /api/comments/303"])
        {
            Assert.NotNull(drain.Train(name));
        }

        Assert.True(drain.Clusters.Select(c => c.Text).Distinct().Count() >= 2);
    }

    [Fact]
    public void Names_with_too_few_or_too_many_tokens_are_not_clustered()
    {
        var drain = new Drain();
        Assert.Null(drain.Train("a"));
        Assert.NotNull(drain.Train("GET /api/users"));
        Assert.Null(drain.Train(string.Join('/', Enumerable.Range(0, 50).Select(i => "p" + i))));
    }

    [Theory]
    [InlineData("GET /api/users", new[] { "GET", " ", "/", "api", "/", "users", "<END>" })]
    [InlineData("a%3Db%zz", new[] { "a", "%3D", "b", "%", "zz", "<END>" })]
    [InlineData("id 550e8400-e29b-41d4-a716-446655440000 ok", new[] { "id", " ", "550e8400-e29b-41d4-a716-446655440000", " ", "ok", "<END>" })]
    [InlineData("abc123def  x", new[] { "abc123def", "  ", "x", "<END>" })]
    public void Tokenizes_as_tempo_does(string name, string[] expected)
    {
        var tokens = new List<string>();
        DrainTokenizer.Tokenize(name, tokens);
        Assert.Equal(expected, tokens);
        Assert.Equal(name, DrainTokenizer.Join(tokens));
    }

    [Theory]
    [InlineData("123", true)]
    [InlineData("a1b2", true)]
    [InlineData("users", false)]
    [InlineData("v1", false)]
    [InlineData("v12345", true)]
    public void Tokens_that_look_like_data_are_detected(string token, bool data) => Assert.Equal(data, Drain.IsLikelyData(token));
}
