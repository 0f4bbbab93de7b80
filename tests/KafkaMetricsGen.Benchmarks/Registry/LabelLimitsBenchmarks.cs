using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.Core.Registry.Sanitizer;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Benchmarks.Registry;

/// <summary>
/// What <c>span_name_sanitization</c> and <c>max_cardinality_per_label</c> add to a span's registry updates: 1,000
/// known series (20 services × 1,000 span names <c>op-&lt;i&gt;</c>), one counter increment and one histogram
/// observation each, as a span-metrics span makes them; the sanitizer off or enabled (every name rewritten to
/// <c>op-&lt;_&gt;</c>), the limiter off (0), on and under the limit (100,000), and on with <c>span_name</c> over it (10,
/// every update rewritten to the overflow value). Results are per series update pair; expect 0 B allocated.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class LabelLimitsBenchmarks
{
    private const int Series = 1_000;
    private const long T0 = 1_700_000_100_000;
    private LabelSet[] _labels = [];
    private ICounter _counter = null!;
    private IHistogram _histogram = null!;

    [Params(0L, 100_000L, 10L)]
    public long MaxCardinalityPerLabel { get; set; }

    [Params(SpanNameSanitization.Disabled, SpanNameSanitization.Enabled)]
    public SpanNameSanitization Sanitization { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0));
        var registry = new DeltaRegistry("bench", new RegistryOptions { MaxCardinalityPerLabel = MaxCardinalityPerLabel, SpanNameSanitization = Sanitization }, clock);
        _counter = registry.NewCounter("traces_spanmetrics_calls_total");
        _histogram = registry.NewHistogram("traces_spanmetrics_latency", [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384]);
        string[] names = ["service", "span_kind", "span_name", "status_code"];
        _labels = new LabelSet[Series];
        for (var i = 0; i < Series; i++)
        {
            string[] values = ["svc-" + (i % 20), "SPAN_KIND_SERVER", "op-" + i, "STATUS_CODE_UNSET"];
            _labels[i] = new LabelSet(names, values, 4, LabelSet.ComputeHash(names, values));
        }

        // Let the limiter see every value, then read its estimates, so the measured state is the steady one.
        Update();
        clock.Advance(LimiterDefaults.DemandUpdateInterval);
        Update();
    }

    [Benchmark(OperationsPerInvoke = Series)]
    public void Update()
    {
        var t = (ulong)(T0 + 1_000) * 1_000_000UL;
        var trace = new TraceId(1, 2);
        for (var i = 0; i < _labels.Length; i++)
        {
            _counter.Inc(_labels[i], 1, t);
            _histogram.Observe(_labels[i], 0.001 * (i % 5000), 1, trace, t);
        }
    }
}
