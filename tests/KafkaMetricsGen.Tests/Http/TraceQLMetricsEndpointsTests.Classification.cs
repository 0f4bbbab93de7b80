using System.Net;

namespace KafkaMetricsGen.Tests.Http;

public sealed partial class TraceQLMetricsEndpointsTests
{
    [Theory]
    [InlineData("{ parent.a != 3 } | rate()", "unsupported: the parent scope ('parent.a') is not yet supported by TraceQL")]
    [InlineData("{} | rate() with(most_recent=true)", "unsupported: the hint 'most_recent' (exemplars and sample are evaluated) is valid TraceQL")]
    [InlineData("{ status } | rate()", "invalid query: span filter field expressions must resolve to a boolean, not status")]
    [InlineData("{} | rate() | topk(0)", "invalid query: topk: limit must be greater than 0")]
    [InlineData("{ 1 = \"a\" } | rate()", "invalid query: binary operations must operate on the same type: int = string")]
    [InlineData("{ true } + { true }", "parse error at line 1, col 10: '+' cannot combine a spanset and a spanset")]
    public async Task Queries_are_classified_as_tempo_does_naming_the_construct(string q, string message)
    {
        var address = await StartInstance("classify", 0, 1);
        var response = await Get(address, Range(q));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
