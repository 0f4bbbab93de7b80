using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Benchmarks.Registry;

/// <summary>
/// Steady-state generate-stage updates: 1,000 known series in one open window; expect 0 B allocated. <see cref="Update"/>
/// takes the reference path (label sets without a memo); <see cref="UpdateRemembered"/> the sets the processors pass, kept
/// by their label cache with a <see cref="SeriesMemo"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class DeltaRegistryBenchmarks
{
    private const int Series = 1_000;
    private const long T0 = 1_700_000_100_000;
    private LabelSet[] _labels = [];
    private LabelSet[] _remembered = [];
    private DeltaRegistry _registry = null!;
    private ICounter _counter = null!;
    private IHistogram _histogram = null!;

    [Params(HistogramMode.Classic, HistogramMode.Both)]
    public HistogramMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _registry = new DeltaRegistry("bench", new RegistryOptions { GenerateNativeHistograms = Mode }, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0)));
        _counter = _registry.NewCounter("traces_spanmetrics_calls_total");
        _histogram = _registry.NewHistogram("traces_spanmetrics_latency", [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384]);
        _labels = new LabelSet[Series];
        _remembered = new LabelSet[Series];
        for (var i = 0; i < Series; i++)
        {
            string[] names = ["service", "span_kind", "span_name", "status_code"];
            string[] values = ["svc-" + (i % 20), "SPAN_KIND_SERVER", "op-" + i, "STATUS_CODE_UNSET"];
            _labels[i] = new LabelSet(names, values, 4, LabelSet.ComputeHash(names, values));
            _remembered[i] = new LabelSet(names, values, 4, _labels[i].Hash, new SeriesMemo());
        }

        Update();
        UpdateRemembered();
    }

    /// <summary>One counter increment and one histogram observation per series (2,000 updates per operation).</summary>
    [Benchmark(OperationsPerInvoke = Series)]
    public void Update() => Run(_labels);

    /// <summary>As <see cref="Update"/>, with label sets that carry a memo.</summary>
    [Benchmark(OperationsPerInvoke = Series)]
    public void UpdateRemembered() => Run(_remembered);

    private void Run(LabelSet[] labels)
    {
        var t = (ulong)(T0 + 1_000) * 1_000_000UL;
        var trace = new TraceId(1, 2);
        for (var i = 0; i < labels.Length; i++)
        {
            _counter.Inc(labels[i], 1, t);
            _histogram.Observe(labels[i], 0.001 * (i % 5000), 1, trace, t);
        }
    }
}
