using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public partial class TraceQLCompilerTests
{
    internal static TraceQLQuery Compile(string query) => TraceQLQueryCheck.Parse(query);

    [Fact]
    public void Empty_braces_match_every_span()
    {
        var q = TraceQLQueryCheck.Parse("{}");
        Assert.IsType<MatchAllFilter>(q.Filter);
        Assert.Null(q.Metrics);
    }

    [Theory]
    [InlineData("{ span.http.method = \"GET\" }", AttributeScope.Span, "http.method", "span.http.method")]
    [InlineData("{ resource.service.name != \"a\" }", AttributeScope.Resource, "service.name", "resource.service.name")]
    [InlineData("{ .foo = \"a\" }", AttributeScope.None, "foo", ".foo")]
    [InlineData("{ span.\"a b\" = \"x\" }", AttributeScope.Span, "a b", "span.a b")]
    public void Reads_scoped_unscoped_and_quoted_attributes(string text, AttributeScope scope, string name, string spelling)
    {
        var f = Assert.IsType<ComparisonFilter>(TraceQLQueryCheck.Parse(text).Filter);
        Assert.Equal(scope, f.Field.Scope);
        Assert.Equal(name, f.Field.Name);
        Assert.Equal(spelling, f.Field.Text);
    }

    [Theory]
    [InlineData("{ duration > 150ms }", 150_000_000L)]
    [InlineData("{ span:duration >= 1.5s }", 1_500_000_000L)]
    [InlineData("{ duration < 2m }", 120_000_000_000L)]
    public void Reads_duration_literals_in_nanoseconds(string text, long nanos)
    {
        var f = Assert.IsType<ComparisonFilter>(TraceQLQueryCheck.Parse(text).Filter);
        Assert.Equal(Intrinsic.Duration, f.Field.Intrinsic);
        Assert.Equal(StaticValue.OfDuration(nanos), f.Literal);
    }

    [Fact]
    public void Reads_status_and_kind_enums()
    {
        var and = Assert.IsType<LogicalFilter>(TraceQLQueryCheck.Parse("{ status = error && kind = server }").Filter);
        Assert.True(and.IsAnd);
        Assert.Equal(StaticValue.OfStatus(StatusCode.Error), Assert.IsType<ComparisonFilter>(and.Left).Literal);
        Assert.Equal(StaticValue.OfKind(SpanKind.Server), Assert.IsType<ComparisonFilter>(and.Right).Literal);
    }

    [Fact]
    public void And_and_or_bind_equally_from_the_left_as_in_tempo_and_parentheses_and_not_group()
    {
        // Tempo's grammar gives && and || one precedence, left-associative: a || b && !c is (a || b) && !c.
        var and = Assert.IsType<LogicalFilter>(TraceQLQueryCheck.Parse("{ name = \"a\" || name = \"b\" && !(status = ok) }").Filter);
        Assert.True(and.IsAnd);
        Assert.False(Assert.IsType<LogicalFilter>(and.Left).IsAnd);
        Assert.IsType<NotFilter>(and.Right);
        var or = Assert.IsType<LogicalFilter>(TraceQLQueryCheck.Parse("{ name = \"a\" || (name = \"b\" && status = ok) }").Filter);
        Assert.False(or.IsAnd);
        Assert.True(Assert.IsType<LogicalFilter>(or.Right).IsAnd);
    }

    [Fact]
    public void Reads_a_metrics_pipeline_with_by_and_topk()
    {
        var q = TraceQLQueryCheck.Parse("{ } | quantile_over_time(duration, .5, 0.99) by (resource.service.name, span:name) | topk(3)");
        var m = Assert.IsType<MetricsPipeline>(q.Metrics);
        Assert.Equal(MetricsFunction.QuantileOverTime, m.Function);
        Assert.Equal([0.5, 0.99], m.Quantiles);
        Assert.Equal(["resource.service.name", "span:name"], m.By.Select(b => b.Text));
        Assert.Equal([new TopKStage(true, 3)], m.Stages);
    }

    [Theory]
    [InlineData("{ trace:rootService = \"a\" }", Intrinsic.TraceRootService)]
    [InlineData("{ trace:rootName = \"a\" }", Intrinsic.TraceRootName)]
    [InlineData("{ trace:duration > 1s }", Intrinsic.TraceDuration)]
    [InlineData("{ statusMessage = \"x\" }", Intrinsic.StatusMessage)]
    public void Reads_trace_level_and_message_intrinsics(string text, Intrinsic intrinsic) =>
        Assert.Equal(intrinsic, Assert.IsType<ComparisonFilter>(TraceQLQueryCheck.Parse(text).Filter).Field.Intrinsic);

    [Theory]
    [InlineData("{ span.foo = }", "parse error at line 1, col 14: unexpected '}'")]
    [InlineData("{ span.foo = \"a\" } | rat()", "parse error at line 1, col 22: unknown function 'rat'")]
    [InlineData("{ span.foo \"a\" }", "parse error at line 1, col 12: unexpected string")]
    [InlineData("{}\n| rate() by (", "parse error at line 2, col 14: unexpected end of input")]
    public void Errors_name_the_line_and_column(string text, string messageStart)
    {
        var e = Assert.Throws<TraceQLQueryException>(() => TraceQLQueryCheck.Parse(text));
        Assert.StartsWith(messageStart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantiles_outside_zero_to_one_are_rejected() =>
        Assert.Throws<TraceQLQueryException>(() => TraceQLQueryCheck.Parse("{} | quantile_over_time(duration, 1.5)"));

    [Fact]
    public void Histogram_allows_at_most_four_group_bys() =>
        Assert.Throws<TraceQLQueryException>(() => TraceQLQueryCheck.Parse("{} | histogram_over_time(duration) by (.a, .b, .c, .d, .e)"));
}
