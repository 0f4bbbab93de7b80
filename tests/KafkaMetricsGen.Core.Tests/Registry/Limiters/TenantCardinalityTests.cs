using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.Core.Registry.Sanitizer;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Tests.Registry.Limiters;

/// <summary>Per-tenant estimates shared by the tasks of an instance: the per-label limiter and the sanitizer's demand.</summary>
public class TenantCardinalityTests
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private static LabelSet Names(string spanName)
    {
        string[] names = ["span_name"];
        string[] values = [spanName];
        return new LabelSet(names, values, 1, LabelSet.ComputeHash(names, values));
    }

    private static bool Overflows(PerLabelLimiter limiter, string spanName) =>
        limiter.Limit(Names(spanName)).Values[0] == LimiterDefaults.OverflowValue;

    [Fact]
    public void Limiters_of_two_tasks_sharing_the_tenants_estimates_limit_on_their_union()
    {
        var shared = new TenantCardinality();
        var first = new PerLabelLimiter("tc-shared", 10, Stale, _time, shared);
        var second = new PerLabelLimiter("tc-shared", 10, Stale, _time, shared);
        for (var i = 0; i < 6; i++)
        {
            first.Limit(Names("a" + i));
            second.Limit(Names("b" + i));
        }

        // The first tick publishes each task's six; the second reads the union of twelve.
        _time.Advance(LimiterDefaults.DemandUpdateInterval);
        first.Limit(Names("a0"));
        second.Limit(Names("b0"));
        _time.Advance(LimiterDefaults.DemandUpdateInterval);
        Assert.True(Overflows(first, "a0"));
        Assert.True(Overflows(second, "b0"));
    }

    [Fact]
    public void Limiters_with_their_own_estimates_stay_under_the_limit_with_six_each()
    {
        var first = new PerLabelLimiter("tc-own", 10, Stale, _time);
        var second = new PerLabelLimiter("tc-own", 10, Stale, _time);
        for (var i = 0; i < 6; i++)
        {
            first.Limit(Names("a" + i));
            second.Limit(Names("b" + i));
        }

        _time.Advance(LimiterDefaults.DemandUpdateInterval);
        Assert.False(Overflows(first, "a0"));
        Assert.False(Overflows(second, "b0"));
    }

    [Fact]
    public void A_task_that_stops_publishing_counts_until_its_window_would_have_retired_its_values()
    {
        var shared = new TenantCardinality();
        var gone = new PerLabelLimiter("tc-gone", 10, Stale, _time, shared);
        var staying = new PerLabelLimiter("tc-gone", 10, Stale, _time, shared);
        staying.Limit(Names("s0"));
        for (var i = 0; i < 11; i++)
        {
            gone.Limit(Names("g" + i));
        }

        _time.Advance(LimiterDefaults.DemandUpdateInterval);
        gone.Limit(Names("g0"));
        Assert.True(Overflows(staying, "s0"));

        // More than stale duration + one sketch without a publication from it: its values no longer count.
        _time.Advance(Stale + LimiterDefaults.SketchDuration + LimiterDefaults.DemandUpdateInterval);
        Assert.False(Overflows(staying, "s0"));
    }

    [Fact]
    public void The_post_sanitization_demand_is_the_union_over_the_tasks()
    {
        var shared = new TenantCardinality();
        var first = new SpanNameSanitizer("tc-demand", SpanNameSanitization.DryRun, Stale, _time, shared);
        var second = new SpanNameSanitizer("tc-demand", SpanNameSanitization.DryRun, Stale, _time, shared);
        for (var i = 0; i < 5; i++)
        {
            first.Sanitize(Names("x" + i));
            second.Sanitize(Names("x" + i));
            second.Sanitize(Names("y" + i));
        }

        _time.Advance(LimiterDefaults.DemandUpdateInterval);
        second.Sanitize(Names("y0"));
        first.Sanitize(Names("x0"));
        Assert.Equal(10, SanitizerMetrics.PostSanitizationDemand.WithLabels("tc-demand").Value);
    }
}
