using KafkaMetricsGen.Core.Windows;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Windows;

public class WindowAssignerTests
{
    private const long T0 = 1_700_000_100_000; // a multiple of 15 s

    private static WindowAssigner Assigner(FakeTimeProvider? time = null) =>
        new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), time ?? new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0)));

    [Fact]
    public void Windows_are_aligned_to_the_epoch_and_end_exclusive()
    {
        Assert.Equal(T0 + 15_000, EventTimeWindows.EndOf(T0, 15_000));
        Assert.Equal(T0 + 15_000, EventTimeWindows.EndOf(T0 + 14_999, 15_000));
        Assert.Equal(T0, EventTimeWindows.EndOf(T0 - 1, 15_000));
        Assert.Equal(0, EventTimeWindows.EndOf(-1, 15_000));
    }

    [Fact]
    public void An_observation_in_an_open_window_is_on_time_and_advances_the_watermark()
    {
        var a = Assigner();
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 1_000, out var end));
        Assert.Equal(T0 + 15_000, end);
        Assert.Equal(T0 + 1_000, a.WatermarkMs);
    }

    [Fact]
    public void A_shared_assigners_watermark_moves_only_when_it_is_advanced()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 100_000));
        var a = new WindowAssigner(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), time, followsObservations: false);

        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 50_000, out _));
        Assert.Equal(long.MinValue, a.WatermarkMs);
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 1_000, out var end));
        Assert.Equal(T0 + 15_000, end);

        a.Advance(T0 + 20_000);
        Assert.Equal(WindowVerdict.Late, a.Assign(T0 + 1_000, out _));
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 90_000, out _));
        Assert.Equal(T0 + 20_000, a.WatermarkMs);
    }

    [Fact]
    public void A_window_stays_open_until_the_watermark_reaches_its_end_plus_grace()
    {
        var a = Assigner();
        a.Assign(T0 + 19_999, out _); // end + grace = T0 + 20 000
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 1_000, out var end));
        Assert.Equal(T0 + 15_000, end);
        a.Assign(T0 + 20_000, out _);
        Assert.Equal(WindowVerdict.Late, a.Assign(T0 + 1_000, out end));
        Assert.Equal(T0 + 15_000, end);
    }

    [Fact]
    public void An_observation_beyond_the_allowed_lateness_is_folded_into_the_oldest_open_window()
    {
        var a = Assigner(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 100_000)));
        a.Assign(T0 + 100_000, out _);
        Assert.Equal(WindowVerdict.Folded, a.Assign(T0 + 1_000, out var end));
        // Watermark T0+100 s, grace 5 s: windows ending at or before T0+95 s are closed.
        Assert.Equal(T0 + 105_000, end);
        Assert.Equal(T0 + 100_000, a.WatermarkMs);
    }

    [Fact]
    public void An_observation_too_far_ahead_of_the_clock_and_watermark_is_rejected()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0));
        var a = Assigner(time);
        Assert.Equal(WindowVerdict.RejectedFuture, a.Assign(T0 + 30_001, out _));
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 30_000, out _));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 80_000, out _));
    }

    [Fact]
    public void Replayed_history_is_judged_against_its_own_watermark_not_the_clock()
    {
        var a = Assigner(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 86_400_000)));
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0, out _));
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 15_000, out _));
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 12_000, out _));
    }

    [Fact]
    public void A_rejected_observation_leaves_the_watermark_and_later_ones_stay_on_time()
    {
        var a = Assigner();
        a.Assign(T0 - 1_000, out _);
        Assert.Equal(WindowVerdict.RejectedFuture, a.Assign(16_725_225_600_000, out _)); // 2500-01-01
        Assert.Equal(T0 - 1_000, a.WatermarkMs);
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0, out var end));
        Assert.Equal(T0 + 15_000, end);
    }

    [Fact]
    public void Observations_each_a_slack_ahead_of_the_last_cannot_walk_the_watermark_past_the_clock()
    {
        var a = Assigner();
        Assert.Equal(WindowVerdict.OnTime, a.Assign(T0 + 30_000, out _));
        Assert.Equal(WindowVerdict.RejectedFuture, a.Assign(T0 + 60_000, out _));
        Assert.Equal(T0 + 30_000, a.WatermarkMs);
        Assert.True(a.IsFuture(T0 + 30_001));
        Assert.False(a.IsFuture(T0 + 30_000));
    }
}
