using static KafkaMetricsGen.Core.Registry.RegistryTestData;

namespace KafkaMetricsGen.Core.Registry;

public class DeltaRegistryTests
{
    [Fact]
    public void Observations_are_grouped_by_window_and_series()
    {
        var r = new DeltaRegistry("t-delta", new RegistryOptions(), Clock());
        var b = r.NewLabelBuilder();
        var c = r.NewCounter("calls");
        c.Inc(Labels(b, ("a", "1")), 1, Ns(T0 + 1_000));
        c.Inc(Labels(b, ("a", "1")), 2, Ns(T0 + 14_999));
        c.Inc(Labels(b, ("a", "2")), 5, Ns(T0 + 2_000));
        c.Inc(Labels(b, ("a", "1")), 4, Ns(T0 + 15_000));
        var batch = r.TakeDeltas();
        Assert.Equal(3, batch.Count);
        var first = batch.Deltas.Single(d => d.WindowEndMs == T0 + 15_000 && d.LabelValues[0] == "1");
        Assert.Equal(3, first.Value);
        Assert.Equal(Ns(T0 + 14_999), first.LastEventTimeUnixNano);
        Assert.Equal(4, batch.Deltas.Single(d => d.WindowEndMs == T0 + 30_000).Value);
        Assert.True(r.IsEmpty);
        Assert.Equal(0, r.TakeDeltas().Count);
    }

    [Fact]
    public void A_very_late_observation_is_folded_into_the_oldest_open_window_and_counted()
    {
        var clock = Clock();
        clock.Advance(TimeSpan.FromSeconds(200));
        var r = new DeltaRegistry("t-delta-late", new RegistryOptions(), clock);
        var b = r.NewLabelBuilder();
        var c = r.NewCounter("calls");
        c.Inc(Labels(b, ("a", "1")), 1, Ns(T0 + 200_000));
        c.Inc(Labels(b, ("a", "1")), 1, Ns(T0 + 1_000));
        var batch = r.TakeDeltas();
        Assert.Equal(2, Assert.Single(batch.Deltas).Value);
        Assert.Equal(1, RegistryMetrics.LateObservations.WithLabels("t-delta-late", RegistryMetricNames.StageGenerate).Value);
    }

    [Fact]
    public void A_future_observation_is_rejected_and_counted()
    {
        var r = new DeltaRegistry("t-delta-future", new RegistryOptions(), Clock());
        var b = r.NewLabelBuilder();
        r.NewCounter("calls").Inc(Labels(b, ("a", "1")), 1, Ns(T0 + 31_000));
        Assert.True(r.IsEmpty);
        Assert.Equal(1, RegistryMetrics.FutureObservationsRejected.WithLabels("t-delta-future").Value);
    }

    [Fact]
    public void Histogram_bounds_are_sorted_and_plus_inf_is_implied()
    {
        var r = new DeltaRegistry("t-delta-h", new RegistryOptions(), Clock());
        var b = r.NewLabelBuilder();
        r.NewHistogram("h", [2, 1, double.PositiveInfinity]).Observe(Labels(b, ("a", "1")), 1, 1, default, Ns(T0));
        var d = Assert.Single(r.TakeDeltas().Deltas);
        Assert.Equal([1.0, 2.0], d.Bounds);
        Assert.Equal([1.0, 0, 0], d.BucketCounts);
        Assert.Null(d.Native);
    }

    [Fact]
    public void Metrics_with_the_same_labels_keep_separate_series()
    {
        var r = new DeltaRegistry("t-delta-2", new RegistryOptions(), Clock());
        var b = r.NewLabelBuilder();
        r.NewCounter("a").Inc(Labels(b, ("x", "1")), 1, Ns(T0));
        r.NewCounter("b").Inc(Labels(b, ("x", "1")), 1, Ns(T0));
        Assert.Equal(2, r.TakeDeltas().Count);
    }

    [Fact]
    public void Only_windows_closed_at_the_watermark_are_taken_and_open_ones_keep_accumulating()
    {
        // Default windows: 15 s, grace 5 s.
        var r = new DeltaRegistry("t-delta-closed", new RegistryOptions(), Clock());
        var b = r.NewLabelBuilder();
        var c = r.NewCounter("calls");
        c.Inc(Labels(b, ("a", "1")), 1, Ns(T0 + 1_000));
        c.Inc(Labels(b, ("a", "1")), 2, Ns(T0 + 16_000));
        r.AdvanceWatermark(T0 + 19_999);
        Assert.False(r.HasClosedWindows);
        Assert.Equal(0, r.TakeClosedDeltas().Count);

        r.AdvanceWatermark(T0 + 20_000);
        Assert.True(r.HasClosedWindows);
        var closed = Assert.Single(r.TakeClosedDeltas().Deltas);
        Assert.Equal(T0 + 15_000, closed.WindowEndMs);
        Assert.Equal(1, closed.Value);

        c.Inc(Labels(b, ("a", "1")), 4, Ns(T0 + 17_000));
        Assert.False(r.HasClosedWindows);
        var open = Assert.Single(r.TakeDeltas().Deltas);
        Assert.Equal(T0 + 30_000, open.WindowEndMs);
        Assert.Equal(6, open.Value);
        Assert.True(r.IsEmpty);
    }
}
