using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Tenancy;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace KafkaMetricsGen.Core.Tests.Tenancy;

public sealed class TenantSettingsProviderTests : IDisposable
{
    private const string Initial = """
        overrides:
          team-a:
            metrics_generator:
              processors: [span-metrics]
              processor: {span_metrics: {dimensions: [http.method]}}
          team-b:
            metrics_generator:
              processors: [span-metrics]
              processor: {span_metrics: {dimensions: [http.method]}}
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), "kmg-overrides-" + Guid.NewGuid().ToString("N") + ".yaml");
    private readonly FakeTimeProvider _time = new();

    public TenantSettingsProviderTests()
    {
        File.WriteAllText(_path, Initial);
    }

    public void Dispose() => File.Delete(_path);

    private TenantSettingsProvider Provider() =>
        new(null, new OverridesOptions { PerTenantOverrideConfig = _path }, _time);

    [Fact]
    public void With_expansion_each_reload_replaces_the_variables_of_the_file()
    {
        var environment = new Dictionary<string, string> { ["LIMIT"] = "700" };
        File.WriteAllText(_path, "overrides: {team-a: {metrics_generator: {processors: [span-metrics], max_active_series: ${LIMIT}}}}\n");
        using var provider = new TenantSettingsProvider(null, new OverridesOptions { PerTenantOverrideConfig = _path, ExpandFrom = environment }, _time);
        Assert.Equal(700, provider.Get("team-a").MaxActiveSeries);

        File.WriteAllText(_path, "overrides: {team-a: {metrics_generator: {processors: [span-metrics], max_active_series: ${OTHER:-900}}}}\n");
        Assert.True(provider.Reload());
        Assert.Equal(900, provider.Get("team-a").MaxActiveSeries);
    }

    [Fact]
    public void Changing_a_tenants_dimensions_raises_a_change_event_for_that_tenant_only()
    {
        using var provider = Provider();
        provider.Get("team-a");
        provider.Get("team-b");
        var changed = new List<TenantSettingsChangedEventArgs>();
        provider.Changed += (_, e) => changed.Add(e);
        provider.Start();

        File.WriteAllText(_path, Initial.Replace("[http.method]}}\n  team-b", "[http.route]}}\n  team-b", StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromSeconds(10));

        var change = Assert.Single(changed);
        Assert.Equal("team-a", change.Tenant);
        Assert.Equal(["http.route"], change.Current.SpanMetrics.GetStrings(SpanMetricsSchema.Dimensions)!);
        Assert.Equal(["http.method"], change.Previous.SpanMetrics.GetStrings(SpanMetricsSchema.Dimensions)!);
        Assert.Same(change.Current, provider.Get("team-a"));
    }

    [Fact]
    public void The_file_is_not_checked_before_the_period_has_passed()
    {
        using var provider = Provider();
        provider.Get("team-a");
        var changes = 0;
        provider.Changed += (_, _) => changes++;
        provider.Start();

        File.WriteAllText(_path, Initial.Replace("http.method", "http.route", StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, changes);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, changes);
    }

    [Fact]
    public void An_unchanged_file_raises_nothing()
    {
        using var provider = Provider();
        provider.Get("team-a");
        Assert.False(provider.Reload());
    }

    [Fact]
    public void A_bad_reload_keeps_the_last_good_overrides_and_is_counted()
    {
        using var provider = Provider();
        var before = provider.Get("team-a");
        Exception? reported = null;
        provider.ReloadFailed += (_, e) => reported = e.Error;

        File.WriteAllText(_path, "overrides:\n  team-a:\n    metrics_generator:\n      max_active_series: lots\n");

        Assert.False(provider.Reload());
        Assert.Same(before, provider.Get("team-a"));
        var error = Assert.IsType<ConfigException>(reported);
        Assert.Equal("overrides.team-a.metrics_generator.max_active_series: expected an integer >= 0, got \"lots\"", error.Message);
        Assert.Equal(1, TenancyMetrics.OverridesReloadFailures.WithLabels(_path).Value);
    }

    [Fact]
    public void A_missing_file_on_reload_is_reported_not_thrown()
    {
        using var provider = Provider();
        provider.Get("team-a");
        File.Delete(_path);
        Assert.False(provider.Reload());
        Assert.Equal(1, TenancyMetrics.OverridesReloadFailures.WithLabels(_path).Value);
    }

    [Fact]
    public void A_bad_file_at_start_throws_with_the_key_path()
    {
        File.WriteAllText(_path, "overrides:\n  t:\n    metrics_generator:\n      processors: [span-metric]\n");
        var e = Assert.Throws<ConfigException>(Provider);
        Assert.StartsWith("overrides.t.metrics_generator.processors[0]: \"span-metric\" is not a valid processor (allowed: service-graphs,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tenants_first_seen_after_a_reload_get_the_new_settings()
    {
        using var provider = Provider();
        File.WriteAllText(_path, Initial.Replace("http.method", "http.route", StringComparison.Ordinal));
        Assert.True(provider.Reload());
        Assert.Equal(["http.route"], provider.Get("team-b").SpanMetrics.GetStrings(SpanMetricsSchema.Dimensions)!);
    }
}
