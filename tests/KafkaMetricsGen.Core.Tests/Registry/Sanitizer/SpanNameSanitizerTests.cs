using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.Core.Registry.Sanitizer;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Tests.Registry.Sanitizer;

/// <summary>The cases of Tempo's drain_sanitizer_test.go.</summary>
public class SpanNameSanitizerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private SpanNameSanitizer Sanitizer(SpanNameSanitization mode, string tenant = "test-tenant") => new(tenant, mode, TimeSpan.FromMinutes(15), _time);

    private static LabelSet Labels(string spanName, string? service = "api")
    {
        var builder = new LabelBuilder();
        builder.Add(SpanNameSanitizer.SpanNameLabel, spanName);
        if (service is not null)
        {
            builder.Add("service", service);
        }

        Assert.True(builder.TryBuild(out var built));
        return new LabelSet(built.Names.ToArray(), built.Values.ToArray(), built.Count, built.Hash);
    }

    private static string Get(in LabelSet labels, string name) => labels.Values[labels.Names.IndexOf(name)];

    [Fact]
    public void Similar_names_get_one_pattern_and_the_other_labels_stay()
    {
        var sanitizer = Sanitizer(SpanNameSanitization.Enabled);

        Assert.Equal("GET /api/users/123", Get(sanitizer.Sanitize(Labels("GET /api/users/123")), "span_name"));
        var second = sanitizer.Sanitize(Labels("GET /api/users/456"));
        var secondName = Get(second, "span_name");
        var third = sanitizer.Sanitize(Labels("GET /api/users/789"));

        Assert.Equal("GET /api/users/<_>", secondName);
        Assert.Equal(secondName, Get(third, "span_name"));
        Assert.Equal("api", Get(third, "service"));
        Assert.Equal(LabelSet.ComputeHash(third.Names, third.Values), third.Hash);
    }

    [Fact]
    public void Dry_run_counts_but_leaves_the_name()
    {
        const string tenant = "sanitizer-dry-run";
        var sanitizer = Sanitizer(SpanNameSanitization.DryRun, tenant);
        var before = SanitizerMetrics.SpansSanitized.WithLabels(tenant).Value;
        sanitizer.Sanitize(Labels("GET /api/users/123"));

        var labels = Labels("GET /api/users/456");
        var result = sanitizer.Sanitize(labels);

        Assert.Equal("GET /api/users/456", Get(result, "span_name"));
        Assert.Equal(labels.Hash, result.Hash);
        Assert.Equal(before + 1, SanitizerMetrics.SpansSanitized.WithLabels(tenant).Value);
    }

    [Fact]
    public void A_name_that_is_not_clustered_passes_unchanged()
    {
        var labels = Labels("a");
        var result = Sanitizer(SpanNameSanitization.Enabled).Sanitize(labels);
        Assert.Equal("a", Get(result, "span_name"));
        Assert.Equal(labels.Hash, result.Hash);
    }

    [Fact]
    public void A_set_without_a_span_name_passes_unchanged()
    {
        var builder = new LabelBuilder();
        builder.Add("service", "api");
        Assert.True(builder.TryBuild(out var labels));
        Assert.Equal(labels.Hash, Sanitizer(SpanNameSanitization.Enabled).Sanitize(labels).Hash);
    }

    [Fact]
    public void The_demand_estimate_counts_the_sets_after_sanitization_and_is_published()
    {
        const string tenant = "sanitizer-demand";
        var sanitizer = Sanitizer(SpanNameSanitization.Enabled, tenant);
        for (var i = 0; i < 100; i++)
        {
            sanitizer.Sanitize(Labels($"GET /api/users/{i}"));
        }

        // One pattern, plus the first name, seen before any pattern existed.
        Assert.InRange(sanitizer.DemandEstimate, 1UL, 3UL);
        _time.Advance(LimiterDefaults.DemandUpdateInterval);
        sanitizer.Sanitize(Labels("GET /api/users/x1"));
        Assert.InRange(SanitizerMetrics.PostSanitizationDemand.WithLabels(tenant).Value, 1, 3);
    }
}
