using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public partial class MetricsEvaluatorTests
{
    /// <summary>Two traces: a root (span 1 / span 3) and a child of it (span 2 / span 4), all at 1 s.</summary>
    private static ListSpanSource RootsAndChildren() => new ListSpanSource()
        .Add(1 * Second, 100, service: "front", traceLow: 1)
        .Add(1 * Second, 100, service: "back", traceLow: 1, parent: 1)
        .Add(1 * Second, 100, service: "front", traceLow: 2)
        .Add(1 * Second, 100, service: "back", traceLow: 2, parent: 3);

    [Theory]
    [InlineData("{ nestedSetParent < 0 } | count_over_time() by (resource.service.name)", "front", 2)]
    [InlineData("{nestedSetParent<0 && true} | count_over_time() by (resource.service.name)", "front", 2)]
    [InlineData("{ nestedSetParent = -1 } | count_over_time() by (resource.service.name)", "front", 2)]
    [InlineData("{ nestedSetParent > 0 } | count_over_time() by (resource.service.name)", "back", 2)]
    [InlineData("{ span:parentID = \"0000000000000003\" } | count_over_time() by (resource.service.name)", "back", 1)]
    [InlineData("{ trace:id = \"00000000000000000000000000000002\" && span:id = \"0000000000000003\" } | count_over_time() by (resource.service.name)", "front", 1)]
    [InlineData("{ true && resource.service.name = \"front\" } | count_over_time() by (resource.service.name)", "front", 2)]
    public void Root_and_id_intrinsics_select_the_spans_tempo_would(string query, string service, double count)
    {
        var series = Run(query, RootsAndChildren(), end: 2 * Second);
        var only = Assert.Single(series);
        Assert.Equal("{resource.service.name=\"" + service + "\"}", only.Key);
        Assert.Equal(count, only.Value.Where(v => !double.IsNaN(v)).Sum());
    }

    [Fact]
    public void A_false_constant_matches_nothing() => Assert.Empty(Run("{ false } | count_over_time()", RootsAndChildren(), end: 2 * Second));
}
