using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Registry.Limiters;

namespace KafkaMetricsGen.Benchmarks.Registry;

/// <summary>
/// What <c>limiter_type: entity</c> adds to the aggregate stage, against the series limiter: each window adds 1,000
/// counter deltas (500 label sets × 2 metrics, as calls and errors share their labels) and is closed. Either the same
/// series every window (an update of known series: the entity limiter only feeds its demand estimate), or new series
/// every window with the old ones ending as stale (each series admitted and removed: the limiter's bookkeeping). Both
/// limits are set high enough never to be reached. Results are per series delta; the deltas are built in the loop, the
/// same for both limiters, so the difference between the rows is the limiter's cost.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class EntityLimiterBenchmarks
{
    private const int LabelSets = 500;
    private const int Generations = 8;
    private const long T0 = 1_700_000_100_000;
    private const long Interval = 15_000;
    private static readonly string[] Metrics = ["traces_spanmetrics_calls_total", "traces_spanmetrics_errors_total"];
    private static readonly string[] Names = ["service", "span_kind", "span_name", "status_code"];
    private readonly NoOpAppender _appender = new();
    private string[][][] _values = [];
    private ulong[][][] _keys = [];
    private SeriesAccumulator _accumulator = null!;
    private long _windowEnd;
    private int _generation;

    [Params(LimiterType.Series, LimiterType.Entity)]
    public LimiterType Limiter { get; set; }

    [Params(false, true)]
    public bool NewSeriesEachWindow { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _values = new string[Generations][][];
        _keys = new ulong[Generations][][];
        for (var g = 0; g < Generations; g++)
        {
            _values[g] = new string[LabelSets][];
            _keys[g] = new ulong[LabelSets][];
            for (var i = 0; i < LabelSets; i++)
            {
                var values = new[] { "svc-" + (i % 20), "SPAN_KIND_SERVER", "op-" + g + "-" + i, "STATUS_CODE_UNSET" };
                _values[g][i] = values;
                _keys[g][i] = [SeriesKey.Of(Metrics[0], Names, values), SeriesKey.Of(Metrics[1], Names, values)];
            }
        }

        var options = new RegistryOptions
        {
            LimiterType = Limiter,
            MaxActiveSeries = 1_000_000,
            MaxActiveEntities = 1_000_000,
            StaleDuration = TimeSpan.FromMilliseconds(Interval),
            WindowGrace = TimeSpan.Zero,
        };
        _accumulator = new SeriesAccumulator("bench", options);
        _windowEnd = T0;
        AddWindow();
    }

    [Benchmark(OperationsPerInvoke = LabelSets * 2)]
    public int AddWindow()
    {
        _windowEnd += Interval;
        if (NewSeriesEachWindow)
        {
            _generation = (_generation + 1) % Generations;
        }

        var values = _values[_generation];
        var keys = _keys[_generation];
        var batch = new SeriesDeltaBatch("bench");
        var eventNs = (ulong)(_windowEnd - 1_000) * 1_000_000UL;
        for (var i = 0; i < LabelSets; i++)
        {
            for (var m = 0; m < Metrics.Length; m++)
            {
                var d = new SeriesDelta(Metrics[m], MetricKind.Counter, Names, values[i], keys[i][m], _windowEnd, []);
                d.Inc(1, eventNs);
                batch.Add(d);
            }
        }

        _accumulator.Apply(batch);
        return _accumulator.Collect(_appender, _windowEnd);
    }
}
