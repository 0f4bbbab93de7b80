using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Core.TraceQL.Spansets;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

/// <summary>Structural and spanset operators, pipelines, scalar filters and arithmetic over stored traces.</summary>
public partial class MetricsEvaluatorTests
{
    /// <summary>
    /// Trace 1: gateway(1) → api(2) → db(3, error, foo=x), cache(4, foo=x); gateway(1) → auth(5); all 100 ns.
    /// Trace 2: gateway(6) → db(7); 200 ns. Every span starts at 1 s.
    /// </summary>
    private static ListSpanSource Tree()
    {
        var s = new ListSpanSource();
        s.Add(Second, 100, service: "gw", name: "gateway", traceLow: 1)
            .Add(Second, 100, service: "api", name: "api", traceLow: 1, parent: 1)
            .Add(Second, 100, "x", service: "db", name: "db", status: StatusCode.Error, traceLow: 1, parent: 2)
            .Add(Second, 100, "x", service: "cache", name: "cache", traceLow: 1, parent: 2)
            .Add(Second, 100, service: "auth", name: "auth", traceLow: 1, parent: 1)
            .Add(Second, 200, service: "gw", name: "gateway", traceLow: 2)
            .Add(Second, 200, service: "db", name: "db", traceLow: 2, parent: 6);
        return s;
    }

    [Theory]
    [InlineData("{ name = \"gateway\" } >> { name = \"db\" }", 2)]
    [InlineData("{ name = \"gateway\" } > { name = \"db\" }", 1)]
    [InlineData("{ name = \"api\" } > { }", 2)]
    [InlineData("{ name = \"db\" } << { name = \"gateway\" }", 2)]
    [InlineData("{ name = \"db\" } < { }", 2)]
    [InlineData("{ name = \"db\" } ~ { }", 1)]
    [InlineData("{ name = \"api\" } !>> { name = \"db\" }", 1)]
    [InlineData("{ name = \"api\" } !> { }", 5)]
    [InlineData("{ name = \"db\" } !< { }", 5)]
    [InlineData("{ name = \"db\" } !~ { }", 6)]
    [InlineData("{ name = \"api\" } &> { }", 3)]
    [InlineData("{ name = \"gateway\" } &>> { name = \"db\" }", 4)]
    [InlineData("{ name = \"db\" } &<< { name = \"gateway\" }", 4)]
    [InlineData("{ name = \"db\" } &< { }", 4)]
    [InlineData("{ name = \"db\" } &~ { }", 2)]
    [InlineData("{ name = \"db\" } && { name = \"auth\" }", 2)]
    [InlineData("{ name = \"db\" } || { name = \"auth\" }", 3)]
    [InlineData("{ } | count() > 4", 5)]
    [InlineData("{ } | count() > 1 + 1", 5)]
    [InlineData("{ } | avg(duration) > 150ns", 2)]
    [InlineData("{ } | max(duration) = 100ns", 5)]
    [InlineData("{ } | sum(duration) >= 400ns", 7)]
    [InlineData("{ status = error } | count() > 0", 1)]
    [InlineData("{ } | { name = \"db\" }", 2)]
    [InlineData("{ span.foo != nil } | by(span.foo) | count() > 1", 2)]
    [InlineData("{ } | by(resource.service.name) | count() > 1", 0)]
    [InlineData("{ } | by(resource.service.name) | coalesce() | count() > 4", 5)]
    [InlineData("{ } | select(span.foo)", 7)]
    [InlineData("{ duration + 100 = 200 }", 5)]
    [InlineData("{ duration * 2 > 300ns }", 2)]
    [InlineData("{ -duration < -150ns }", 2)]
    [InlineData("{ 2 * duration / 2 = 100ns && true }", 5)]
    [InlineData("{ duration % 3 = 2 }", 2)]
    [InlineData("{ span.foo + 1 = 2 }", 0)]
    [InlineData("{ (name = \"db\") = true }", 2)]
    [InlineData("{ 300ns < duration * 2 }", 2)]
    public void Spanset_queries_count_the_spans_tempo_returns(string spansets, double expected)
    {
        var r = Run(spansets + " | count_over_time()", Tree());
        var values = r.Count == 0 ? [0.0] : Assert.Single(r).Value;
        Assert.Equal(expected, values[0]);
    }

    [Theory]
    [InlineData("({ name = \"api\" } | count() > 0) && ({ name = \"db\" })", 2)]
    [InlineData("({ name = \"api\" } | count() > 0) || ({ name = \"db\" })", 3)]
    [InlineData("({ name = \"api\" } | count() > 0) > ({ name = \"db\" })", 1)]
    public void Operators_between_wrapped_pipelines_keep_the_spans_tempo_returns(string query, int expected)
    {
        var source = Tree();
        var chunks = source.Chunks(0, ulong.MaxValue);
        var stages = TraceQLQueryCheck.Parse(query).Spansets!;
        var kept = Assert.IsType<KeptSpansFilter>(SpansetEvaluator.Resolve(stages, chunks, MetricsEvaluator.ResolveTraces(chunks)));
        Assert.Equal(expected, kept.Count);
    }

    [Fact]
    public void A_structural_query_groups_its_matches_by_attribute()
    {
        var r = Run("{ name = \"gateway\" } >> { } | count_over_time() by (resource.service.name)", Tree());
        Assert.Equal(1, r["{resource.service.name=\"api\"}"][0]);
        Assert.Equal(2, r["{resource.service.name=\"db\"}"][0]);
        Assert.Equal(1, r["{resource.service.name=\"cache\"}"][0]);
        Assert.Equal(1, r["{resource.service.name=\"auth\"}"][0]);
        Assert.False(r.ContainsKey("{resource.service.name=\"gw\"}"));
    }

    [Fact]
    public void A_span_whose_parent_is_not_stored_is_a_local_root()
    {
        // Only the db span of trace 1 is stored (as when filter_server_spans keeps server spans): it has no stored parent.
        var s = new ListSpanSource();
        s.Add(Second, 100, service: "db", name: "db", traceLow: 1, parent: 99);
        Assert.Empty(Run("{ } >> { name = \"db\" } | count_over_time()", s));

        // It is still not the trace's root: nestedSetParent reads the parent link the span carries.
        Assert.Empty(Run("{ nestedSetParent < 0 } | count_over_time()", s));
    }
}
