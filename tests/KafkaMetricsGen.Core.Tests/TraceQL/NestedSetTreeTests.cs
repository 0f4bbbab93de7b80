using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public class NestedSetTreeTests
{
    /// <summary>Root 1 with children 2 and 3; 4 is a child of 2.</summary>
    private static NestedSetTree SmallTree()
    {
        var tree = new NestedSetTree();
        tree.Add(new SpanId(1), default);
        tree.Add(new SpanId(2), new SpanId(1));
        tree.Add(new SpanId(3), new SpanId(1));
        tree.Add(new SpanId(4), new SpanId(2));
        tree.Number();
        return tree;
    }

    [Theory]
    [InlineData(1UL, 1, 8, -1, 2)]
    [InlineData(2UL, 2, 5, 1, 1)]
    [InlineData(4UL, 3, 4, 2, 0)]
    [InlineData(3UL, 6, 7, 1, 0)]
    public void A_depth_first_walk_numbers_each_span(ulong span, int left, int right, int parent, int children)
    {
        Assert.True(SmallTree().TryGet(new SpanId(span), out var l, out var r, out var p, out var c));
        Assert.Equal((left, right, parent, children), (l, r, p, c));
    }

    [Fact]
    public void A_span_whose_parent_is_not_stored_is_numbered_as_a_root_with_parent_zero()
    {
        var tree = new NestedSetTree();
        tree.Add(new SpanId(5), new SpanId(9));
        tree.Add(new SpanId(6), new SpanId(5));
        tree.Number();
        Assert.True(tree.TryGet(new SpanId(5), out var l, out var r, out var p, out var c));
        Assert.Equal((1, 4, 0, 1), (l, r, p, c));
        Assert.True(tree.TryGet(new SpanId(6), out l, out r, out p, out c));
        Assert.Equal((2, 3, 1, 0), (l, r, p, c));
        Assert.False(tree.TryGet(new SpanId(9), out _, out _, out _, out _));
    }
}
