using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

public sealed class EdgeLabelCacheTests
{
    // Values an edge slot can hold: absent, repeated interned values, invalid UTF-8, and an equal value in a new instance.
    private static readonly string[] Pool = ["a", "b", string.Empty, "c\uDCFF", "frontend", "virtual_node"];

    public static TheoryData<bool> Prefix => [false, true];

    [Theory]
    [MemberData(nameof(Prefix))]
    public void Builds_the_same_sets_as_adding_each_present_label_in_order(bool prefix)
    {
        // "client" as a dimension repeats a fixed label name: its value must win only when present.
        var layout = new DimensionLayout(new ServiceGraphsOptions
        {
            Dimensions = ["client", "http.method", "deployment.environment"],
            EnableClientServerPrefix = prefix,
            EnableVirtualNodeLabel = true,
        });
        var cache = new EdgeLabelCache(new LabelBuilder(), layout, capacityPowerOfTwo: 2);
        var random = new Random(11);
        for (var round = 0; round < 2000; round++)
        {
            var values = new string[cache.Values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var value = Pool[random.Next(Pool.Length)];
                values[i] = random.Next(8) == 0 ? new string(value.AsSpan()) : value;
            }

            values.CopyTo(cache.Values);
            var cached = cache.TryGet(out var fromCache);
            var expectedValid = Reference(layout, values, out var expected);

            Assert.Equal(expectedValid, cached);
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
        var cache = new EdgeLabelCache(new LabelBuilder(), new DimensionLayout(new ServiceGraphsOptions()));
        Fill(cache, "frontend", "backend");
        Assert.True(cache.TryGet(out var first));
        Fill(cache, "frontend", "db");
        Assert.True(cache.TryGet(out _));
        Assert.True(cache.TryBuildUncached(out _));
        Assert.Equal(["frontend", "backend"], first.Values.ToArray());
    }

    [Fact]
    public void Finds_a_repeated_shape_without_building_again()
    {
        var cache = new EdgeLabelCache(new LabelBuilder(), new DimensionLayout(new ServiceGraphsOptions()));
        Fill(cache, "frontend", "backend");
        Assert.True(cache.TryGet(out var first));
        Assert.True(cache.TryGet(out var second));
        Assert.True(first.Names == second.Names, "a hit returns the cached arrays");
    }

    [Fact]
    public void Gives_the_emitter_the_same_sets_cached_and_uncached()
    {
        var options = new ServiceGraphsOptions { Dimensions = ["http.method"], EnableVirtualNodeLabel = true };
        var layout = new DimensionLayout(options);
        var emitter = new EdgeEmitter("t", options, new RecordingRegistry("t"), ServiceGraphsSubProcessors.Default, layout);
        Edge[] edges =
        [
            NewEdge("frontend", "backend", ConnectionType.None, "GET", null),
            NewEdge("frontend", "postgresql", ConnectionType.Database, null, null),
            NewEdge("user", "backend", ConnectionType.VirtualNode, "GET", ServiceGraphsLabelNames.VirtualNodeClient),
            NewEdge("producer", "consumer", ConnectionType.MessagingSystem, string.Empty, null),
            NewEdge("frontend", "backend", ConnectionType.None, "GET", null),
        ];
        foreach (var edge in edges)
        {
            Assert.True(emitter.TryLabels(edge, out var cached));
            var fromCache = Pairs(cached);
            Assert.True(emitter.TryLabelsUncached(edge, out var uncached));
            Assert.Equal(Pairs(uncached), fromCache);
            Assert.Equal(uncached.Hash, cached.Hash);
        }
    }

    [Fact]
    public void Keeps_two_alternating_shapes_of_one_set()
    {
        // One set of two ways: both shapes stay cached however their hashes fall.
        var cache = new EdgeLabelCache(new LabelBuilder(), new DimensionLayout(new ServiceGraphsOptions()), capacityPowerOfTwo: 1);
        Fill(cache, "frontend", "backend");
        Assert.True(cache.TryGet(out var a));
        Fill(cache, "frontend", "db");
        Assert.True(cache.TryGet(out var b));
        for (var i = 0; i < 3; i++)
        {
            Fill(cache, "frontend", "backend");
            Assert.True(cache.TryGet(out var again));
            Assert.True(a.Values == again.Values, "the first shape is still cached");
            Fill(cache, "frontend", "db");
            Assert.True(cache.TryGet(out again));
            Assert.True(b.Values == again.Values, "the second shape is still cached");
        }
    }

    [Fact]
    public void Remembers_an_invalid_set_as_invalid()
    {
        var cache = new EdgeLabelCache(new LabelBuilder(), new DimensionLayout(new ServiceGraphsOptions()));
        Fill(cache, "front\uDCFF", "backend");
        Assert.False(cache.TryGet(out _));
        Assert.False(cache.TryGet(out _));
    }

    /// <summary>What the emitter did before the cache: client and server always, the rest when present.</summary>
    private static bool Reference(DimensionLayout layout, string[] values, out LabelSet labels)
    {
        var builder = new LabelBuilder();
        builder.Add(ServiceGraphsLabelNames.Client, values[0]);
        builder.Add(ServiceGraphsLabelNames.Server, values[1]);
        if (values[2].Length != 0)
        {
            builder.Add(ServiceGraphsLabelNames.ConnectionType, values[2]);
        }

        for (var i = 0; i < layout.SlotCount; i++)
        {
            if (values[EdgeLabelCache.FixedSlots + i].Length != 0)
            {
                builder.Add(layout.SlotLabels[i], values[EdgeLabelCache.FixedSlots + i]);
            }
        }

        return builder.TryBuild(out labels);
    }

    private static Edge NewEdge(string client, string server, ConnectionType type, string? method, string? virtualNode) => new()
    {
        ClientService = client,
        ServerService = server,
        ConnectionType = type,
        Dimensions = [method, virtualNode],
    };

    private static void Fill(EdgeLabelCache cache, string client, string server)
    {
        cache.Values.Fill(string.Empty);
        cache.Values[0] = client;
        cache.Values[1] = server;
    }

    private static (string, string)[] Pairs(in LabelSet labels)
    {
        var pairs = new (string, string)[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            pairs[i] = (labels.Names[i], labels.Values[i]);
        }

        return pairs;
    }
}
