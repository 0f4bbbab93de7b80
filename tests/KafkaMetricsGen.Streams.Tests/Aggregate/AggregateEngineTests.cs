using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Tenancy;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Aggregate;

public sealed class AggregateEngineTests
{
    private const string Tenant = "t1";
    private const long WindowEndMs = 1_700_000_001_000;
    private static readonly RegistryOptions Options = new() { CollectionInterval = TimeSpan.FromSeconds(1), WindowGrace = TimeSpan.FromSeconds(1) };
    private readonly StaticTenantConfigSource _configs = new(new TenantPipelineConfig { Registry = Options });
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(WindowEndMs));
    private readonly InMemoryAggregateStateStore _store = new();

    [Fact]
    public void Without_flushes_every_deltas_record_is_written_as_it_comes()
    {
        var engine = new AggregateEngine(_configs, new LatestValuesSink(), _store);

        engine.Apply(Deltas("a", 1));
        engine.Apply(Deltas("a", 2));

        Assert.Equal(2, Pending().Count);
    }

    [Fact]
    public void Writing_at_flush_writes_nothing_until_the_flush_then_one_entry_per_window()
    {
        var engine = new AggregateEngine(_configs, new LatestValuesSink(), _store);
        engine.WriteAtFlush();

        for (var upstream = 0; upstream < 10; upstream++)
        {
            engine.Apply(Deltas("a", 1));
            engine.Apply(Deltas("b", 1));
            engine.ApplyWatermark(upstream, 10, WindowEndMs - 500);
        }

        Assert.Empty(_store.All());
        engine.Flush();

        var pending = Assert.Single(Pending());
        Assert.True(SeriesDeltaBatch.TryRead(pending.Value, out var window));
        Assert.Equal(2, window.Count);
        Assert.Equal(10, _store.All().Count(e => e.Key.StartsWith(AggregateStateKeys.WatermarkPrefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_flush_replaces_the_pending_entries_it_wrote_before()
    {
        var engine = new AggregateEngine(_configs, new LatestValuesSink(), _store);
        engine.WriteAtFlush();
        engine.Apply(Deltas("a", 1));
        engine.Flush();
        engine.Apply(Deltas("a", 2));
        engine.Flush();
        engine.Flush();

        var pending = Assert.Single(Pending());
        Assert.True(SeriesDeltaBatch.TryRead(pending.Value, out var window));
        Assert.Equal(3, Assert.Single(window.Deltas).Value);
    }

    [Fact]
    public void An_engine_restored_from_a_flush_closes_the_window_with_the_same_counts()
    {
        var engine = new AggregateEngine(_configs, new LatestValuesSink(), _store);
        engine.WriteAtFlush();
        engine.Apply(Deltas("a", 2));
        engine.Apply(Deltas("a", 3));
        engine.ApplyWatermark(0, 1, WindowEndMs - 500);
        engine.Flush();

        // Applied after the last flush: not committed, so the restarted task reads it again from its input.
        engine.Apply(Deltas("a", 100));

        var sink = new LatestValuesSink();
        var restarted = new AggregateEngine(_configs, sink, _store);
        restarted.WriteAtFlush();
        Assert.Equal(WindowEndMs - 500, restarted.WatermarkMs);
        restarted.ApplyWatermark(0, 1, WindowEndMs + 1_000);
        Assert.Equal(1, restarted.Collect());

        Assert.Equal(5, Assert.Single(sink.Samples(Tenant)).Value);
    }

    private List<KeyValuePair<string, byte[]>> Pending() =>
        _store.All().Where(e => e.Key.StartsWith(AggregateStateKeys.PendingPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>A deltas record of one upstream task: <paramref name="value"/> calls of <paramref name="service"/> in the window.</summary>
    private byte[] Deltas(string service, double value)
    {
        var registry = new DeltaRegistry(Tenant, Options, _time);
        var labels = registry.NewLabelBuilder();
        labels.Add("service", service);
        Assert.True(labels.TryBuild(out var set));
        registry.NewCounter("calls_total").Inc(set, value, (ulong)(WindowEndMs - 500) * 1_000_000UL);
        return StageRecord.EncodeDeltas(registry.TakeDeltas());
    }
}
