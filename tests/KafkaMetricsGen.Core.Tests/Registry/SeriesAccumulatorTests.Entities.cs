using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.TestKit;
using static KafkaMetricsGen.Core.Registry.RegistryTestData;

namespace KafkaMetricsGen.Core.Registry;

/// <summary><c>limiter_type: entity</c> in the aggregate stage.</summary>
public partial class SeriesAccumulatorTests
{
    private static RegistryOptions Entities(int limit) => new() { LimiterType = LimiterType.Entity, MaxActiveEntities = limit, MaxActiveSeries = 1 };

    [Fact]
    public void With_the_entity_limiter_the_metrics_of_one_label_set_are_one_entity_and_new_entities_overflow()
    {
        var acc = new SeriesAccumulator("t-entity", Entities(2));
        acc.Apply(Batch("t-entity", Counter("calls", "a", T0), Counter("size", "a", T0, 2), Counter("calls", "b", T0), Counter("calls", "x", T0, 3), Counter("size", "x", T0, 4)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 20_000);

        // max_active_series (1) does not apply: a, with two metrics, and b are the two entities; x overflows in each metric.
        Assert.Equal(2.0, o.At("size{l=\"a\"}", T0 + 15_000));
        Assert.Equal(1.0, o.At("calls{l=\"b\"}", T0 + 15_000));
        Assert.Equal(3.0, o.At("calls{metric_overflow=\"true\"}", T0 + 15_000));
        Assert.Equal(4.0, o.At("size{metric_overflow=\"true\"}", T0 + 15_000));
        Assert.Equal(2, LimiterMetrics.ActiveEntities.WithLabels("t-entity").Value);
        Assert.Equal(2, LimiterMetrics.EntitiesLimited.WithLabels("t-entity").Value);
        Assert.Equal(0, RegistryMetrics.SeriesLimited.WithLabels("t-entity").Value);

        // A new series of an admitted entity is still accepted.
        acc.Apply(Batch("t-entity", Counter("errors", "a", T0 + 16_000)));
        acc.Collect(o, T0 + 35_000);
        Assert.Equal(1.0, o.At("errors{l=\"a\"}", T0 + 30_000));
    }

    [Fact]
    public void An_entity_ends_when_its_last_series_goes_stale_and_frees_its_place()
    {
        var options = Entities(1);
        options.StaleDuration = TimeSpan.FromSeconds(30);
        var acc = new SeriesAccumulator("t-entity-stale", options);
        acc.Apply(Batch("t-entity-stale", Counter("calls", "a", T0)));
        acc.Collect(new RecordingAppender(), T0 + 20_000);
        acc.Apply(Batch("t-entity-stale", Counter("calls", "b", T0 + 61_000)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 80_000);
        Assert.Equal(1, LimiterMetrics.EntitiesRemoved.WithLabels("t-entity-stale").Value);
        Assert.Equal(1.0, o.At("calls{l=\"b\"}", T0 + 75_000));
    }

    [Fact]
    public void A_split_tenants_partition_keeps_to_its_share_of_max_active_entities()
    {
        var acc = new SeriesAccumulator("t-entity-share", Entities(5), new SeriesPartition(3, 4), new OverflowOutlet());
        acc.Apply(Batch("t-entity-share", Counter("c", "a", T0), Counter("c", "b", T0, 2)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 20_000);
        Assert.Equal(1.0, o.At("c{l=\"a\"}", T0 + 15_000));
        Assert.Equal(1, LimiterMetrics.EntitiesLimited.WithLabels("t-entity-share").Value);
        Assert.Equal(5, LimiterMetrics.MaxActiveEntities.WithLabels("t-entity-share").Value);
    }

    [Fact]
    public void Restored_state_and_a_switch_of_limiter_count_the_entities_already_held()
    {
        var acc = new SeriesAccumulator("t-entity-restore", new RegistryOptions());
        acc.Apply(Batch("t-entity-restore", Counter("c", "a", T0), Counter("d", "a", T0), Counter("c", "b", T0)));
        acc.Collect(new RecordingAppender(), T0 + 20_000);
        acc.Reconfigure(Entities(2));
        Assert.Equal(2, LimiterMetrics.ActiveEntities.WithLabels("t-entity-restore").Value);

        var restored = new SeriesAccumulator("t-entity-restore-2", Entities(2));
        restored.Restore(acc.LastClosedWindowEndMs, acc.Series.ToList(), []);
        restored.Apply(Batch("t-entity-restore-2", Counter("c", "x", T0 + 16_000), Counter("e", "b", T0 + 16_000)));
        var o = new RecordingAppender();
        restored.Collect(o, T0 + 35_000);
        Assert.Equal(1.0, o.At("c{metric_overflow=\"true\"}", T0 + 30_000));
        Assert.Equal(1.0, o.At("e{l=\"b\"}", T0 + 30_000));
        Assert.Equal(2, LimiterMetrics.ActiveEntities.WithLabels("t-entity-restore-2").Value);
    }
}
