using KafkaMetricsGen.Core.Registry;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>The series-deltas record values: each encode gives an array of its own, whatever the thread encoded before.</summary>
public sealed class StageRecordTests
{
    private const long T0 = 1_700_000_100_000;

    [Fact]
    public void Records_encoded_one_after_another_on_a_thread_each_read_back_as_their_own_batch()
    {
        var large = Encode("large", series: 3_000);
        var largeCopy = large.ToArray();
        var small = Encode("small", series: 2);
        var huge = Encode("huge", series: 30_000);
        var after = Encode("after", series: 1);

        Assert.True(huge.Length > StageRecord.KeptWriterBytes);
        Assert.Equal(largeCopy, large);
        AssertBatch(large, "large", 3_000);
        AssertBatch(small, "small", 2);
        AssertBatch(huge, "huge", 30_000);
        AssertBatch(after, "after", 1);
    }

    private static void AssertBatch(byte[] value, string tenant, int series)
    {
        Assert.True(StageRecord.TryReadDeltas(value, out var batch));
        Assert.Equal(tenant, batch.Tenant);
        Assert.Equal(series, batch.Count);
        Assert.All(batch.Deltas, d => Assert.Equal(3, d.Value));
    }

    private static byte[] Encode(string tenant, int series)
    {
        var registry = new DeltaRegistry(tenant, new RegistryOptions(), new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0)));
        var counter = registry.NewCounter("calls_total");
        var builder = registry.NewLabelBuilder();
        for (var i = 0; i < series; i++)
        {
            builder.Clear();
            builder.Add("span_name", "operation-with-a-longer-name-" + i);
            builder.Add("service", "service-" + (i % 7));
            Assert.True(builder.TryBuild(out var labels));
            counter.Inc(labels, 3, (ulong)(T0 + 1_000) * 1_000_000UL);
        }

        return StageRecord.EncodeDeltas(registry.TakeDeltas());
    }
}
