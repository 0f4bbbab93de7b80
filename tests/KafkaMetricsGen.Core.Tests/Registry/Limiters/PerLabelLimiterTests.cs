using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Registry.Limiters;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Tests.Registry.Limiters;

/// <summary>The cases of Tempo's per_label_limiter_test.go; time moves by the fake clock instead of its tickers.</summary>
public class PerLabelLimiterTests
{
    private const string Overflow = LimiterDefaults.OverflowValue;
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private PerLabelLimiter Limiter(ulong max, string tenant = "test") => new(tenant, max, Stale, _time);

    private static LabelSet Labels(params (string Name, string Value)[] pairs)
    {
        var builder = new LabelBuilder();
        foreach (var (name, value) in pairs)
        {
            builder.Add(name, value);
        }

        Assert.True(builder.TryBuild(out var built));
        return new LabelSet(built.Names.ToArray(), built.Values.ToArray(), built.Count, built.Hash);
    }

    private static string Get(in LabelSet labels, string name)
    {
        var names = labels.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i] == name)
            {
                return labels.Values[i];
            }
        }

        return string.Empty;
    }

    // Tempo's triggerDemandUpdate: the next call after 15 s re-reads the estimates.
    private void DemandUpdate(PerLabelLimiter limiter)
    {
        _time.Advance(LimiterDefaults.DemandUpdateInterval);
        limiter.Limit(Labels(("trigger", "x")));
    }

    [Fact]
    public void Values_pass_before_the_first_demand_update_and_while_under_the_limit()
    {
        var limiter = Limiter(100);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"m{i}", Get(limiter.Limit(Labels(("__name__", "foo"), ("method", $"m{i}"))), "method"));
        }

        DemandUpdate(limiter);
        Assert.Equal("GET", Get(limiter.Limit(Labels(("__name__", "foo"), ("method", "GET"))), "method"));
    }

    [Fact]
    public void A_high_cardinality_label_overflows_and_the_others_keep_their_values()
    {
        var limiter = Limiter(5);
        for (var i = 0; i < 10; i++)
        {
            limiter.Limit(Labels(("__name__", "http_requests"), ("method", "GET"), ("url", $"/users/{i}")));
        }

        DemandUpdate(limiter);
        var result = limiter.Limit(Labels(("__name__", "http_requests"), ("method", "GET"), ("url", "/users/999")));

        Assert.Equal("GET", Get(result, "method"));
        Assert.Equal(Overflow, Get(result, "url"));
        Assert.Equal("http_requests", Get(result, "__name__"));
        Assert.Equal(LabelSet.ComputeHash(result.Names, result.Values), result.Hash);
    }

    [Fact]
    public void Several_high_cardinality_labels_overflow_together()
    {
        var limiter = Limiter(5);
        for (var i = 0; i < 10; i++)
        {
            limiter.Limit(Labels(("method", "GET"), ("url", $"/p/{i}"), ("user_id", $"u{i}")));
        }

        DemandUpdate(limiter);
        var result = limiter.Limit(Labels(("method", "GET"), ("url", "/p/999"), ("user_id", "u999")));

        Assert.Equal("GET", Get(result, "method"));
        Assert.Equal(Overflow, Get(result, "url"));
        Assert.Equal(Overflow, Get(result, "user_id"));
    }

    [Fact]
    public void Metadata_labels_never_overflow()
    {
        var limiter = Limiter(5);
        for (var i = 0; i < 10; i++)
        {
            limiter.Limit(Labels(("__name__", $"metric_{i}"), ("__type__", $"type_{i}"), ("__unit__", $"unit_{i}"), ("url", $"/path/{i}")));
        }

        DemandUpdate(limiter);
        var result = limiter.Limit(Labels(("__name__", "metric_999"), ("__type__", "type_999"), ("__unit__", "unit_999"), ("url", "/path/999")));

        Assert.Equal("metric_999", Get(result, "__name__"));
        Assert.Equal("type_999", Get(result, "__type__"));
        Assert.Equal("unit_999", Get(result, "__unit__"));
        Assert.Equal(Overflow, Get(result, "url"));
    }

    [Fact]
    public void A_label_recovers_once_its_old_values_leave_the_window_and_overflows_again()
    {
        var limiter = Limiter(5);
        for (var i = 0; i < 10; i++)
        {
            limiter.Limit(Labels(("url", $"/users/{i}")));
        }

        DemandUpdate(limiter);
        Assert.Equal(Overflow, Get(limiter.Limit(Labels(("url", "/users/999"))), "url"));

        // Four sketch durations rotate every old sketch out of the 15 m window (four sketches).
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(LimiterDefaults.SketchDuration);
            limiter.Limit(Labels(("other", "x")));
        }

        for (var i = 0; i < 3; i++)
        {
            limiter.Limit(Labels(("url", $"/api/v1/resource_{i}")));
        }

        DemandUpdate(limiter);
        Assert.Equal("/api/v1/healthy", Get(limiter.Limit(Labels(("url", "/api/v1/healthy"))), "url"));

        for (var i = 0; i < 10; i++)
        {
            limiter.Limit(Labels(("url", $"/new_endpoint/{i}")));
        }

        DemandUpdate(limiter);
        Assert.Equal(Overflow, Get(limiter.Limit(Labels(("url", "/new_endpoint/999"))), "url"));
    }

    [Fact]
    public void Overflows_are_counted_per_label_and_the_demand_is_published()
    {
        const string tenant = "test-overflow-metrics";
        var limiter = Limiter(5, tenant);
        for (var i = 0; i < 10; i++)
        {
            limiter.Limit(Labels(("__name__", "m"), ("url", $"/path/{i}")));
        }

        DemandUpdate(limiter);
        var before = LimiterMetrics.LabelValuesLimited.WithLabels(tenant, "url").Value;
        Assert.Equal(Overflow, Get(limiter.Limit(Labels(("__name__", "m"), ("url", "/path/new"))), "url"));

        Assert.Equal(before + 1, LimiterMetrics.LabelValuesLimited.WithLabels(tenant, "url").Value);
        Assert.InRange(LimiterMetrics.LabelCardinalityDemand.WithLabels(tenant, "url").Value, 9, 11);
    }

    [Fact]
    public void The_same_set_twice_in_a_row_is_limited_once()
    {
        const string tenant = "test-same-set";
        var limiter = Limiter(1, tenant);
        limiter.Limit(Labels(("url", "/a")));
        limiter.Limit(Labels(("url", "/b")));
        DemandUpdate(limiter);
        var labels = Labels(("url", "/c"));
        var before = LimiterMetrics.LabelValuesLimited.WithLabels(tenant, "url").Value;

        var first = limiter.Limit(labels);
        var second = limiter.Limit(labels);

        Assert.Equal(Overflow, Get(second, "url"));
        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(before + 1, LimiterMetrics.LabelValuesLimited.WithLabels(tenant, "url").Value);
    }

    [Fact]
    public void Estimates_are_within_the_sketch_error()
    {
        var limiter = Limiter(1_000_000);
        for (var i = 0; i < 50_000; i++)
        {
            limiter.Limit(Labels(("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        Assert.InRange(limiter.Estimate("id"), 50_000 * 0.9, 50_000 * 1.1);
    }
}
