using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Tenancy;

namespace KafkaMetricsGen.Benchmarks.Tenancy;

/// <summary>
/// The per-batch cost of asking for a tenant's settings (a cached lookup), and the one-off cost of resolving a tenant
/// from the overrides (paid on first sight and on reload).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class TenantSettingsBench
{
    private const string Overrides = """
        overrides:
          team-a:
            metrics_generator:
              processors: [span-metrics, service-graphs]
              processor:
                span_metrics: {dimensions: [http.method, http.route], intrinsic_dimensions: {status_message: true}}
                service_graphs: {dimensions: [k8s.namespace.name]}
        """;

    private TenantSettingsProvider _provider = null!;
    private TenantSettingsResolver _resolver = null!;
    private OverridesFile _file = null!;

    [GlobalSetup]
    public void Setup()
    {
        _provider = new TenantSettingsProvider(null, new OverridesOptions(), TimeProvider.System);
        _provider.Get("team-a");
        _resolver = new TenantSettingsResolver(null, ConfigNode.Map());
        _file = OverridesFile.Parse(Overrides, "bench");
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark]
    public TenantSettings CachedGet() => _provider.Get("team-a");

    [Benchmark]
    public TenantSettings ResolveTenant() => _resolver.Resolve("team-a", _file);
}
