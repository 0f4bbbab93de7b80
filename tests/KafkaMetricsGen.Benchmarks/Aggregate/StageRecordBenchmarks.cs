using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Benchmarks.Aggregate;

/// <summary>
/// One series-deltas record as a generate or decode task writes it at a flush: <see cref="Series"/> deltas of a
/// counter and a classic histogram, encoded into the record value. The value itself (one array of its length) is what
/// the record needs; the rest of the allocation is the encoder's own.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class StageRecordBenchmarks
{
    private const long T0 = 1_700_000_100_000;
    private SeriesDeltaBatch _batch = null!;

    [Params(20, 500)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var registry = new DeltaRegistry("bench", new RegistryOptions(), new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0)));
        var counter = registry.NewCounter("traces_spanmetrics_calls_total");
        var histogram = registry.NewHistogram("traces_spanmetrics_latency", [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384]);
        var builder = registry.NewLabelBuilder();
        var t = (ulong)(T0 + 1_000) * 1_000_000UL;
        for (var i = 0; i < Series; i++)
        {
            builder.Clear();
            builder.Add("service", "svc-" + (i % 20));
            builder.Add("span_name", "op-" + i);
            builder.Add("span_kind", "SPAN_KIND_SERVER");
            builder.TryBuild(out var labels);
            counter.Inc(labels, 1, t);
            histogram.Observe(labels, 0.001 * i, 1, new TraceId(1, (ulong)i), t);
        }

        _batch = registry.TakeDeltas();
        Console.WriteLine($"// record bytes for {Series} series: {StageRecord.EncodeDeltas(_batch).Length}");
    }

    [Benchmark]
    public int EncodeDeltas() => StageRecord.EncodeDeltas(_batch).Length;
}
