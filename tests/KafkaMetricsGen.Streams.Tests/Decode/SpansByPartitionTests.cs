using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Decode;

public sealed class SpansByPartitionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(66, 9)]
    [InlineData(66, 40)]
    [InlineData(7, 100)]
    public void Every_span_lands_in_its_trace_partition_in_record_order_and_partitions_ascend(int partitions, int traces)
    {
        var batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(traces, (ulong)Now.ToUnixTimeMilliseconds() * 1_000_000), "tenant-a");
        var seed = TracePartitioner.TenantSeed(batch.Tenant);
        var byTrace = new SpansByPartition(partitions);

        byTrace.Group(batch, seed, selector: null);

        AssertGrouped(byTrace, Expected(batch, seed, partitions, _ => true), partitions);
    }

    [Fact]
    public void Only_the_spans_the_selector_picks_are_grouped()
    {
        using var processors = new TenantProcessors(
            "tenant-a",
            new TenantProcessorsOptions { SpanMetrics = new SpanMetricsOptions(), ServiceGraphs = new ServiceGraphsOptions() },
            new DeltaRegistry("tenant-a", new RegistryOptions(), new FakeTimeProvider(Now)),
            new FakeTimeProvider(Now),
            placement: ProcessorPlacement.WhereRecordArrives);
        var batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(9, (ulong)Now.ToUnixTimeMilliseconds() * 1_000_000), "tenant-a");
        var seed = TracePartitioner.TenantSeed(batch.Tenant);
        var byTrace = new SpansByPartition(66);

        byTrace.Group(batch, seed, processors);

        var expected = Expected(batch, seed, 66, i => processors.SelectsForTrace(batch, batch.Span(i)));
        AssertGrouped(byTrace, expected, 66);
        Assert.True(expected.Values.Sum(v => v.Count) < batch.SpanCount, "the synthetic traces hold internal spans, which service graphs do not read");
    }

    [Fact]
    public void A_record_after_another_keeps_nothing_of_it_and_a_larger_one_grows_the_arrays()
    {
        var generator = new SyntheticTraceGenerator();
        var start = (ulong)Now.ToUnixTimeMilliseconds() * 1_000_000;
        var large = SpanBatchFactory.From(generator.Generate(60, start), "tenant-a");
        var small = SpanBatchFactory.From(generator.Generate(2, start), "tenant-a");
        var seed = TracePartitioner.TenantSeed("tenant-a");
        var byTrace = new SpansByPartition(66);

        byTrace.Group(small, seed, selector: null);
        byTrace.Group(large, seed, selector: null);
        AssertGrouped(byTrace, Expected(large, seed, 66, _ => true), 66);
        Assert.True(large.SpanCount > 256, "the arrays start at 256 spans");

        byTrace.Group(small, seed, selector: null);
        AssertGrouped(byTrace, Expected(small, seed, 66, _ => true), 66);

        var none = new SpanBatch();
        byTrace.Group(none, seed, selector: null);
        Assert.True(byTrace.Partitions.IsEmpty);
        Assert.Equal(0, byTrace.Count);
    }

    [Fact]
    public void Another_tenant_hashes_its_traces_afresh()
    {
        var batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(9, (ulong)Now.ToUnixTimeMilliseconds() * 1_000_000), "tenant-a");
        var byTrace = new SpansByPartition(66);
        var first = TracePartitioner.TenantSeed("tenant-a");
        var second = TracePartitioner.TenantSeed("tenant-b");

        byTrace.Group(batch, first, selector: null);
        byTrace.Group(batch, second, selector: null);

        var expected = Expected(batch, second, 66, _ => true);
        Assert.NotEqual(Expected(batch, first, 66, _ => true).Keys, expected.Keys);
        AssertGrouped(byTrace, expected, 66);
    }

    private static SortedDictionary<int, List<int>> Expected(SpanBatch batch, uint seed, int partitions, Func<int, bool> selected)
    {
        var expected = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < batch.SpanCount; i++)
        {
            if (!selected(i))
            {
                continue;
            }

            var p = TracePartitioner.PartitionOf(seed, batch.Span(i).TraceId, partitions);
            if (!expected.TryGetValue(p, out var list))
            {
                expected[p] = list = [];
            }

            list.Add(i);
        }

        return expected;
    }

    private static void AssertGrouped(SpansByPartition byTrace, SortedDictionary<int, List<int>> expected, int partitions)
    {
        Assert.Equal(expected.Keys, byTrace.Partitions.ToArray());
        Assert.Equal(expected.Values.Sum(v => v.Count), byTrace.Count);
        for (var p = 0; p < partitions; p++)
        {
            Assert.Equal(expected.TryGetValue(p, out var spans) ? spans : [], byTrace.Spans(p).ToArray());
        }
    }
}
