using System.Buffers;
using KafkaMetricsGen.TestKit;
using static KafkaMetricsGen.Core.Registry.RegistryTestData;

namespace KafkaMetricsGen.Core.Registry;

public partial class SeriesAccumulatorTests
{
    private static SeriesDelta Counter(string tenantMetric, string value, long eventMs, double inc = 1)
    {
        string[] names = ["l"];
        string[] values = [value];
        var d = new SeriesDelta(tenantMetric, MetricKind.Counter, names, values, SeriesKey.Of(tenantMetric, names, values), Windows.EventTimeWindows.EndOf(eventMs, 15_000), []);
        d.Inc(inc, Ns(eventMs));
        return d;
    }

    private sealed class OverflowOutlet : IOverflowOutlet
    {
        public List<SeriesDelta> Refused { get; } = [];

        public void Refuse(SeriesDelta delta) => Refused.Add(delta);
    }

    private static SeriesDeltaBatch Batch(string tenant, params SeriesDelta[] deltas)
    {
        var batch = new SeriesDeltaBatch(tenant);
        foreach (var d in deltas)
        {
            batch.Add(d);
        }

        return batch;
    }

    [Fact]
    public void A_window_is_written_only_when_the_watermark_reaches_its_end_plus_grace()
    {
        var acc = new SeriesAccumulator("t-grace", new RegistryOptions());
        acc.Apply(Batch("t-grace", Counter("c", "a", T0 + 1_000)));
        var o = new RecordingAppender();
        Assert.Equal(0, acc.Collect(o, T0 + 19_999));
        Assert.Empty(o.Samples);
        Assert.Equal(1, acc.Collect(o, T0 + 20_000));
        Assert.Equal([T0 + 15_000], o.Commits);
    }

    [Fact]
    public void A_later_window_is_not_visible_in_an_earlier_windows_samples()
    {
        var acc = new SeriesAccumulator("t-order", new RegistryOptions());
        acc.Apply(Batch("t-order", Counter("c", "a", T0 + 1_000), Counter("c", "a", T0 + 16_000, 5)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 40_000);
        Assert.Equal([(T0, 0.0), (T0 + 15_000, 1.0), (T0 + 30_000, 6.0)], o.Of("c{l=\"a\"}"));
    }

    [Fact]
    public void Active_series_are_written_at_every_window_end_even_without_new_data()
    {
        var acc = new SeriesAccumulator("t-every", new RegistryOptions());
        acc.Apply(Batch("t-every", Counter("c", "a", T0)));
        var o = new RecordingAppender();
        Assert.Equal(4, acc.Collect(o, T0 + 65_000));
        Assert.Equal([T0 + 15_000, T0 + 30_000, T0 + 45_000, T0 + 60_000], o.Commits);
        Assert.Equal(1.0, o.At("c{l=\"a\"}", T0 + 60_000));
    }

    [Fact]
    public void A_delta_for_an_already_written_window_is_folded_into_the_next_window_and_counted()
    {
        var acc = new SeriesAccumulator("t-late-agg", new RegistryOptions());
        acc.Apply(Batch("t-late-agg", Counter("c", "a", T0)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 20_000);
        acc.Apply(Batch("t-late-agg", Counter("c", "a", T0 + 2_000, 2)));
        acc.Collect(o, T0 + 35_000);
        Assert.Equal(3.0, o.At("c{l=\"a\"}", T0 + 30_000));
        Assert.Equal(1, RegistryMetrics.LateObservations.WithLabels("t-late-agg", RegistryMetricNames.StageAggregate).Value);
    }

    [Fact]
    public void A_series_not_updated_for_the_stale_duration_gets_a_staleness_marker_and_is_dropped()
    {
        var acc = new SeriesAccumulator("t-stale", new RegistryOptions { StaleDuration = TimeSpan.FromSeconds(30) });
        acc.Apply(Batch("t-stale", Counter("c", "a", T0 + 1_000)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 100_000);
        var samples = o.Of("c{l=\"a\"}");
        // Last update T0+1 s: written at T0+15 s and T0+30 s; at T0+45 s it is 44 s old (> 30 s) and ends.
        Assert.Equal(4, samples.Count);
        Assert.Equal(T0 + 45_000, samples[3].Timestamp);
        Assert.True(StaleMarker.Is(samples[3].Value));
        Assert.Equal(0, acc.SeriesCount);
        Assert.Equal(1, RegistryMetrics.SeriesRemoved.WithLabels("t-stale").Value);
    }

    [Fact]
    public void A_stale_histogram_ends_every_classic_series_and_its_native_series()
    {
        var options = new RegistryOptions { StaleDuration = TimeSpan.FromSeconds(10), GenerateNativeHistograms = HistogramMode.Both };
        var r = new InProcessRegistry("t-stale-h", options, Clock());
        var b = r.NewLabelBuilder();
        r.NewHistogram("h", [1.0]).Observe(Labels(b, ("s", "x")), 0.5, 1, default, Ns(T0 + 14_000));
        r.Flush(new RecordingAppender());
        var o = new RecordingAppender();
        r.Deltas.AdvanceWatermark(T0 + 40_000);
        r.Accumulator.Collect(o, T0 + 40_000);
        Assert.Equal(4, o.Samples.Count);
        Assert.All(o.Samples, s => Assert.True(StaleMarker.Is(s.Value)));
        Assert.True(StaleMarker.Is(Assert.Single(o.Histograms).Sum));
    }

    [Fact]
    public void Series_over_max_active_series_go_to_the_overflow_series_and_are_counted()
    {
        var acc = new SeriesAccumulator("t-limit", new RegistryOptions { MaxActiveSeries = 2 });
        acc.Apply(Batch("t-limit", Counter("c", "a", T0), Counter("c", "b", T0), Counter("c", "x", T0, 3), Counter("c", "y", T0, 4)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 20_000);
        Assert.Equal(7.0, o.At("c{metric_overflow=\"true\"}", T0 + 15_000));
        Assert.Equal(1.0, o.At("c{l=\"a\"}", T0 + 15_000));
        Assert.Equal(2, RegistryMetrics.SeriesLimited.WithLabels("t-limit").Value);
        Assert.Equal(3, acc.ActiveSeriesCost);
    }

    [Fact]
    public void A_split_tenants_partition_keeps_to_its_share_and_sends_what_it_refuses_to_its_outlet()
    {
        var outlet = new OverflowOutlet();
        var acc = new SeriesAccumulator("t-share", new RegistryOptions { MaxActiveSeries = 5 }, new SeriesPartition(3, 4), outlet);
        acc.Apply(Batch("t-share", Counter("c", "a", T0), Counter("c", "b", T0, 2), Counter("c", "x", T0, 3)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 20_000);
        Assert.Equal(1.0, o.At("c{l=\"a\"}", T0 + 15_000));
        Assert.DoesNotContain(o.Samples, s => s.Series.Contains("metric_overflow", StringComparison.Ordinal));
        Assert.Equal(1, acc.SeriesCount);

        // Refused data leaves labelled as the overflow series, stamped with the window it was refused in.
        Assert.Equal(2, outlet.Refused.Count);
        Assert.All(outlet.Refused, d => Assert.Equal([RegistryLabels.MetricOverflow], d.LabelNames));
        Assert.All(outlet.Refused, d => Assert.Equal(T0 + 15_000, d.WindowEndMs));
        Assert.Equal(5.0, outlet.Refused.Sum(d => d.Value));
    }

    [Fact]
    public void A_split_tenants_partition_without_an_outlet_is_refused_so_no_overflow_series_has_two_writers()
    {
        var e = Assert.Throws<ArgumentException>(() => new SeriesAccumulator("t-no-outlet", new RegistryOptions(), new SeriesPartition(1, 2)));
        Assert.Contains("overflow outlet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overflow_writer_adds_up_every_partitions_refused_data_without_a_limit_and_folds_late_data_forward()
    {
        var outlets = new[] { new OverflowOutlet(), new OverflowOutlet() };
        var options = new RegistryOptions { MaxActiveSeries = 2 };
        var partitions = new[]
        {
            new SeriesAccumulator("t-writer", options, new SeriesPartition(0, 2), outlets[0]),
            new SeriesAccumulator("t-writer", options, new SeriesPartition(1, 2), outlets[1]),
        };
        partitions[0].Apply(Batch("t-writer", Counter("c", "a", T0), Counter("c", "x", T0, 3)));
        partitions[1].Apply(Batch("t-writer", Counter("c", "b", T0), Counter("c", "y", T0, 4), Counter("d", "z", T0, 5)));
        foreach (var p in partitions)
        {
            p.Collect(new RecordingAppender(), T0 + 20_000);
        }

        var writer = SeriesAccumulator.OverflowWriter("t-writer", options);
        writer.Apply(Batch("t-writer", [.. outlets.SelectMany(o => o.Refused)]));
        var o = new RecordingAppender();
        writer.Collect(o, T0 + 20_000);
        Assert.Equal(7.0, o.At("c{metric_overflow=\"true\"}", T0 + 15_000));
        Assert.Equal(5.0, o.At("d{metric_overflow=\"true\"}", T0 + 15_000));

        // Refused data for the window already written counts from the next window on: the series never goes down.
        var late = new SeriesDelta("c", MetricKind.Counter, [RegistryLabels.MetricOverflow], [RegistryLabels.True], SeriesKey.Of("c", [RegistryLabels.MetricOverflow], [RegistryLabels.True]), T0 + 15_000, []);
        late.Inc(2, Ns(T0));
        writer.Apply(Batch("t-writer", late));
        writer.Collect(o, T0 + 35_000);
        Assert.Equal(9.0, o.At("c{metric_overflow=\"true\"}", T0 + 30_000));
        Assert.Equal(1, RegistryMetrics.LateObservations.WithLabels("t-writer", RegistryMetricNames.StageAggregate).Value);
    }

    [Fact]
    public void The_active_series_gauge_is_the_sum_of_a_tenants_accumulators_until_each_is_released()
    {
        var gauge = RegistryMetrics.ActiveSeries.WithLabels("t-gauge");
        var first = new SeriesAccumulator("t-gauge", new RegistryOptions(), new SeriesPartition(0, 2), new OverflowOutlet());
        var second = new SeriesAccumulator("t-gauge", new RegistryOptions(), new SeriesPartition(1, 2), new OverflowOutlet());
        first.Apply(Batch("t-gauge", Counter("c", "a", T0), Counter("c", "b", T0)));
        second.Apply(Batch("t-gauge", Counter("c", "x", T0)));
        first.Collect(new RecordingAppender(), T0 + 20_000);
        second.Collect(new RecordingAppender(), T0 + 20_000);
        Assert.Equal(3, gauge.Value);
        first.ReleaseGauges();
        Assert.Equal(1, gauge.Value);
        second.ReleaseGauges();
        Assert.Equal(0, gauge.Value);
    }

    [Fact]
    public void Reconfiguring_keeps_counters_and_waiting_windows_and_applies_the_new_settings()
    {
        var acc = new SeriesAccumulator("t-reconf", new RegistryOptions { MaxActiveSeries = 1 });
        acc.Apply(Batch("t-reconf", Counter("c", "a", T0), Counter("c", "x", T0, 3)));
        acc.Collect(new RecordingAppender(), T0 + 20_000);
        acc.Apply(Batch("t-reconf", Counter("c", "a", T0 + 16_000, 2), Counter("c", "y", T0 + 16_000, 4)));

        var options = new RegistryOptions { MaxActiveSeries = 3, CollectionInterval = TimeSpan.FromSeconds(60), DisableCollection = true };
        options.ExternalLabels["cluster"] = "eu";
        acc.Reconfigure(options);
        var disabled = new RecordingAppender();
        Assert.Equal(1, acc.Collect(disabled, T0 + 70_000));
        Assert.Empty(disabled.Samples);

        options = new RegistryOptions { MaxActiveSeries = 3, CollectionInterval = TimeSpan.FromSeconds(60) };
        options.ExternalLabels["cluster"] = "eu";
        acc.Reconfigure(options);
        acc.Apply(Batch("t-reconf", Counter("c", "z", T0 + 61_000, 5)));
        var o = new RecordingAppender();
        Assert.Equal(1, acc.Collect(o, T0 + 125_000));

        // The window waiting at 30 s was folded into the first 60 s window; the counters carried on. The raised limit
        // let y in; z, over it, joined x in the overflow series.
        Assert.Equal(3.0, o.At("c{cluster=\"eu\",l=\"a\"}", T0 + 120_000));
        Assert.Equal(4.0, o.At("c{cluster=\"eu\",l=\"y\"}", T0 + 120_000));
        Assert.Equal(8.0, o.At("c{cluster=\"eu\",metric_overflow=\"true\"}", T0 + 120_000));
        Assert.Equal([T0 + 120_000], o.Commits);
    }

    [Fact]
    public void Series_cost_counts_every_classic_histogram_series()
    {
        var acc = new SeriesAccumulator("t-cost", new RegistryOptions { GenerateNativeHistograms = HistogramMode.Both });
        var d = new SeriesDelta("h", MetricKind.Histogram, [], [], SeriesKey.Of("h", [], []), T0 + 15_000, Buckets, 3);
        d.Observe(0.1, 1, default, Ns(T0));
        acc.Apply(Batch("t-cost", d));
        acc.Collect(new RecordingAppender(), T0 + 20_000);
        Assert.Equal(14 + 1 + 2 + 1, acc.ActiveSeriesCost);
    }

    [Fact]
    public void Disabled_collection_closes_windows_but_writes_nothing()
    {
        var acc = new SeriesAccumulator("t-disabled", new RegistryOptions { DisableCollection = true });
        acc.Apply(Batch("t-disabled", Counter("c", "a", T0)));
        var o = new RecordingAppender();
        Assert.Equal(1, acc.Collect(o, T0 + 20_000));
        Assert.Empty(o.Samples);
        Assert.Empty(o.Commits);
    }

    [Fact]
    public void A_native_histogram_over_its_bucket_limit_halves_its_resolution()
    {
        var options = new RegistryOptions { GenerateNativeHistograms = HistogramMode.Native, NativeHistogramMaxBucketNumber = 2 };
        var acc = new SeriesAccumulator("t-reduce", options);
        var d = new SeriesDelta("h", MetricKind.Histogram, [], [], SeriesKey.Of("h", [], []), T0 + 15_000, [], 3);
        d.Observe(1.0, 1, default, Ns(T0)); // schema 3 index 0
        d.Observe(1.1, 1, default, Ns(T0)); // index 2
        d.Observe(1.3, 1, default, Ns(T0)); // index 4
        acc.Apply(Batch("t-reduce", d));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 20_000);
        var h = o.Histograms[^1];
        Assert.Equal(1, h.Schema); // schema 2 still has 3 buckets (0, 1, 2); schema 1 has 0 and 1
        Assert.Equal(3UL, h.Count);
        Assert.Equal([(0, 2u)], h.Spans);
        Assert.Equal([1L, 1], h.Deltas);
    }

    [Fact]
    public void A_native_histogram_over_its_limit_after_the_min_reset_duration_is_reset()
    {
        var options = new RegistryOptions { GenerateNativeHistograms = HistogramMode.Native, NativeHistogramMaxBucketNumber = 1, NativeHistogramMinResetDuration = TimeSpan.FromSeconds(15) };
        var acc = new SeriesAccumulator("t-reset", options);
        SeriesDelta Delta(long window, double v)
        {
            var d = new SeriesDelta("h", MetricKind.Histogram, [], [], SeriesKey.Of("h", [], []), window, [], 3);
            d.Observe(v, 1, default, Ns(window - 1));
            return d;
        }

        acc.Apply(Batch("t-reset", Delta(T0 + 15_000, 1)));
        acc.Apply(Batch("t-reset", Delta(T0 + 30_000, 1000)));
        var o = new RecordingAppender();
        acc.Collect(o, T0 + 35_000);
        Assert.Equal(1UL, o.Histograms[1].Count);
        Assert.Equal(0UL, o.Histograms[2].Count); // reset: 15 s since creation ≥ min reset duration
        Assert.Equal(3, o.Histograms[2].Schema);
    }

    [Fact]
    public void State_restored_from_its_binary_form_continues_where_it_stopped()
    {
        var acc = new SeriesAccumulator("t-restore", new RegistryOptions { GenerateNativeHistograms = HistogramMode.Both });
        var h = new SeriesDelta("h", MetricKind.Histogram, ["s"], ["x"], SeriesKey.Of("h", ["s"], ["x"]), T0 + 15_000, Buckets, 3);
        h.Observe(0.1, 1, Trace(5), Ns(T0));
        acc.Apply(Batch("t-restore", h, Counter("c", "a", T0)));
        acc.Collect(new RecordingAppender(), T0 + 20_000);
        acc.Apply(Batch("t-restore", Counter("c", "a", T0 + 16_000, 2)));

        var restored = new SeriesAccumulator("t-restore", new RegistryOptions { GenerateNativeHistograms = HistogramMode.Both });
        var series = new List<AccumulatedSeries>();
        foreach (var s in acc.Series)
        {
            var buffer = new ArrayBufferWriter<byte>();
            s.Write(buffer);
            Assert.True(AccumulatedSeries.TryRead(buffer.WrittenSpan, out var copy));
            series.Add(copy);
        }

        restored.Restore(acc.LastClosedWindowEndMs, series, acc.PendingWindows.Select(p => p.Clone()));
        var expected = new RecordingAppender();
        var actual = new RecordingAppender();
        acc.Collect(expected, T0 + 35_000);
        restored.Collect(actual, T0 + 35_000);
        Assert.Equal(expected.Samples, actual.Samples);
        Assert.Equal(3.0, actual.At("c{l=\"a\"}", T0 + 30_000));
        Assert.Equal(expected.Histograms.Count, actual.Histograms.Count);
    }
}
