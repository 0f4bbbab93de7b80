using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Benchmarks.Registry;

/// <summary>Aggregate-stage collection: 100,000 classic histogram series (14 buckets → 17 samples each) per window.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5, invocationCount: 4)]
public class SeriesAccumulatorBenchmarks
{
    private const int Series = 100_000;
    private const long T0 = 1_700_000_100_000;
    private static readonly double[] Buckets = [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384];
    private readonly NoOpAppender _appender = new();
    private SeriesAccumulator _accumulator = null!;
    private long _watermark;

    [GlobalSetup]
    public void Setup()
    {
        var options = new RegistryOptions { StaleDuration = TimeSpan.FromDays(3650) };
        options.ExternalLabels["cluster"] = "bench";
        _accumulator = new SeriesAccumulator("bench", options);
        var batch = new SeriesDeltaBatch("bench");
        for (var i = 0; i < Series; i++)
        {
            string[] names = ["service", "span_kind", "span_name", "status_code"];
            string[] values = ["svc-" + (i % 20), "SPAN_KIND_SERVER", "op-" + i, "STATUS_CODE_UNSET"];
            var d = new SeriesDelta("traces_spanmetrics_latency", MetricKind.Histogram, names, values, SeriesKey.Of("traces_spanmetrics_latency", names, values), T0 + 15_000, Buckets);
            d.Observe(0.001 * (i % 5000), 1, default, (ulong)(T0 + 1_000) * 1_000_000UL);
            batch.Add(d);
        }

        _accumulator.Apply(batch);
        _watermark = T0 + 20_000;
        _accumulator.Collect(_appender, _watermark);
    }

    /// <summary>Closes the next window and writes every series.</summary>
    [Benchmark]
    public int CollectWindow()
    {
        _watermark += 15_000;
        return _accumulator.Collect(_appender, _watermark);
    }
}
