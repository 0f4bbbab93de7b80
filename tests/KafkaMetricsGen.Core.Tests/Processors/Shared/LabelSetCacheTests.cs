using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Processors.Shared;

public class LabelSetCacheTests
{
    private static (string, string)[] Pairs(in LabelSet labels)
    {
        var pairs = new (string, string)[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            pairs[i] = (labels.Names[i], labels.Values[i]);
        }

        return pairs;
    }

    [Fact]
    public void Builds_the_same_sets_as_the_label_builder()
    {
        string[] names = ["service", "span_name", "dup", "dup", "empty"];
        var cache = new LabelSetCache(new LabelBuilder(), names, capacityPowerOfTwo: 2);
        var random = new Random(7);
        string[] pool = ["a", "b", string.Empty, "c\uDCFF", "d"];
        for (var round = 0; round < 500; round++)
        {
            var values = names.Select(_ => pool[random.Next(pool.Length)]).ToArray();
            values.CopyTo(cache.Values);
            var cached = cache.TryGet(out var fromCache);

            var builder = new LabelBuilder();
            for (var i = 0; i < names.Length; i++)
            {
                builder.Add(names[i], values[i]);
            }

            Assert.Equal(builder.TryBuild(out var expected), cached);
            if (cached)
            {
                Assert.Equal(Pairs(expected), Pairs(fromCache));
                Assert.Equal(expected.Hash, fromCache.Hash);
            }
        }
    }

    [Fact]
    public void Keeps_a_cached_set_intact_after_later_builds()
    {
        var cache = new LabelSetCache(new LabelBuilder(), ["x"]);
        cache.Values[0] = "one";
        Assert.True(cache.TryGet(out var first));
        cache.Values[0] = "two";
        Assert.True(cache.TryGet(out _));
        Assert.Equal("one", first.Values[0]);
    }

    [Fact]
    public void Rebuilds_when_an_equal_value_arrives_as_another_string_instance()
    {
        var cache = new LabelSetCache(new LabelBuilder(), ["x"]);
        cache.Values[0] = new string('v', 3);
        Assert.True(cache.TryGet(out var a));
        cache.Values[0] = new string('v', 3);
        Assert.True(cache.TryGet(out var b));
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal("vvv", b.Values[0]);
    }
}
