namespace KafkaMetricsGen.Core.Tests.TraceQL;

public partial class MetricsEvaluatorTests
{
    /// <summary>One trace: root(1) → a(2) → leaf(4); root(1) → b(3); all at 1 s.</summary>
    private static ListSpanSource SmallTree() => new ListSpanSource()
        .Add(Second, 100, service: "root", traceLow: 7)
        .Add(Second, 100, service: "a", traceLow: 7, parent: 1)
        .Add(Second, 100, service: "b", traceLow: 7, parent: 1)
        .Add(Second, 100, service: "leaf", traceLow: 7, parent: 2);

    [Theory]
    [InlineData("{ nestedSetLeft = 1 && nestedSetRight = 8 && span:childCount = 2 && nestedSetParent = -1 }", "root")]
    [InlineData("{ nestedSetLeft = 2 && nestedSetRight = 5 && span:childCount = 1 && nestedSetParent = 1 }", "a")]
    [InlineData("{ nestedSetLeft = 3 && nestedSetRight = 4 && span:childCount = 0 && nestedSetParent = 2 }", "leaf")]
    [InlineData("{ nestedSetLeft = 6 && nestedSetRight = 7 && span:childCount = 0 && nestedSetParent = 1 }", "b")]
    [InlineData("{ span:childCount > 1 }", "root")]
    [InlineData("{ nestedSetParent = 2 }", "leaf")]
    public void Nested_set_intrinsics_number_the_stored_tree(string filter, string service)
    {
        var series = Run(filter + " | count_over_time() by (resource.service.name)", SmallTree(), end: 2 * Second);
        var only = Assert.Single(series);
        Assert.Equal("{resource.service.name=\"" + service + "\"}", only.Key);
        Assert.Equal(1, only.Value.Where(v => !double.IsNaN(v)).Sum());
    }

    [Fact]
    public void Nested_set_intrinsics_group_series()
    {
        var series = Run("{ } | count_over_time() by (span:childCount)", SmallTree(), end: 2 * Second);
        Assert.Equal(["{span:childCount=\"0\"}", "{span:childCount=\"1\"}", "{span:childCount=\"2\"}"], series.Keys.Order());
        Assert.Equal(2, series["{span:childCount=\"0\"}"].Where(v => !double.IsNaN(v)).Sum());
    }
}
