using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Tests.Configuration;

public sealed class TenantSettingsConfigSourceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "kmg-source-" + Guid.NewGuid().ToString("N") + ".yaml");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Maps_the_processor_selection_and_keeps_the_instance_until_the_settings_change()
    {
        File.WriteAllText(_path, "overrides: {t: {metrics_generator: {processors: [span-metrics-count, service-graphs-request]}}}\n");
        using var provider = new TenantSettingsProvider(null, new OverridesOptions { PerTenantOverrideConfig = _path }, new FakeTimeProvider());
        var source = new TenantSettingsConfigSource(provider);

        var first = source.Get("t");
        Assert.Equal(SpanMetricsSubprocessor.Count, first.SpanMetricsSubprocessors);
        Assert.Equal(ServiceGraphsSubProcessors.Request, first.ServiceGraphsSubProcessors);
        Assert.NotNull(first.SpanMetrics);
        Assert.NotNull(first.ServiceGraphs);
        Assert.False(first.LocalBlocks);
        Assert.Same(first, source.Get("t"));
        Assert.Null(source.Get("other").SpanMetrics);

        File.WriteAllText(_path, "overrides: {t: {metrics_generator: {processors: [span-metrics]}}}\n");
        Assert.True(provider.Reload());
        var second = source.Get("t");
        Assert.NotSame(first, second);
        Assert.Equal(SpanMetricsSubprocessor.All, second.SpanMetricsSubprocessors);
        Assert.Null(second.ServiceGraphs);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
    }
}
