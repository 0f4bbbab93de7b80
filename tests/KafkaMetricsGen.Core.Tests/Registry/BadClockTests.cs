using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.TestKit;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.Core.Processors.Shared.Otlp;
using static KafkaMetricsGen.Core.Registry.RegistryTestData;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// One span from a bad clock between good ones, through both registry stages as a generate and an aggregate task run
/// them (the task's watermark follows <see cref="DeltaRegistry.Admit"/>): the spans around it keep their totals.
/// </summary>
public class BadClockTests
{
    private const int Before = 10;
    private const int After = 10;
    private const string Calls = SpanMetricsMetricNames.Calls;
    private static readonly ulong Year2500 = (ulong)new DateTimeOffset(2500, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000UL;

    public static TheoryData<string, ulong, ulong, bool> Cases => new()
    {
        // name, bad span start, bad span end, counted
        { "year-2500", Year2500 - 1_000_000_000, Year2500, false },
        { "epoch-0", 0, 0, true },
        { "late-20m", Ns(T0 - 1_200_000), Ns(T0 - 1_199_000), true },
        { "negative-duration", Ns(T0), Ns(T0 - 1_000), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_spans_around_one_bad_clock_keep_their_totals(string name, ulong start, ulong end, bool counted)
    {
        var tenant = "t-bad-clock-" + name;
        var clock = Clock();
        var run = new Run(tenant, clock);

        run.Push(Good(Before, T0 - 2_000));
        run.Push(Resource([Attr("service.name", "bad-clock")], Span(name: "bad", start: start, end: end)));
        run.Push(Good(After, T0 - 1_000));
        clock.Advance(TimeSpan.FromMinutes(1));
        run.Watermark(T0 + 60_000);

        Assert.Equal(Before + After + (counted ? 1 : 0), Total(run.Output, Calls + "{"));
        Assert.Equal(Before + After, Total(run.Output, Calls + "{service=\"good\""));
        Assert.Equal(counted ? 1 : 0, Total(run.Output, Calls + "{service=\"bad-clock\""));
        Assert.Equal(Before + After + (counted ? 1 : 0), Total(run.Output, SpanMetricsMetricNames.Latency + "_count{"));
        Assert.Equal(counted ? 0 : 1, SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.TooFarInFuture, SelfMetricLabels.AllProcessors).Value);

        // No good span was late: the bad one never moved the watermark.
        Assert.Equal(name is "epoch-0" or "late-20m", RegistryMetrics.LateObservations.WithLabels(tenant, RegistryMetricNames.StageGenerate).Value > 0);
        Assert.Equal(0, RegistryMetrics.LateObservations.WithLabels(tenant, RegistryMetricNames.StageAggregate).Value);
    }

    [Fact]
    public void A_span_folded_into_an_open_window_is_written_with_that_window_although_older_than_stale_duration()
    {
        const string tenant = "t-bad-clock-folded";
        var clock = Clock();
        var run = new Run(tenant, clock);
        run.Push(Good(1, T0 - 1_000));
        run.Push(Resource([Attr("service.name", "bad-clock")], Span(name: "bad", start: Ns(T0 - 1_201_000), end: Ns(T0 - 1_200_000))));
        run.Watermark(T0 + 30_000);

        // Folded into the window ending at T0 (open at watermark T0 - 1 s); written there and in every later window.
        var series = run.Output.Samples.Where(s => s.Series.StartsWith(Calls + "{service=\"bad-clock\"", StringComparison.Ordinal)).ToList();
        Assert.Equal([(T0 - 15_000, 0.0), (T0, 1.0), (T0 + 15_000, 1.0)], series.Select(s => (s.TimestampMs, s.Value)).ToList());
    }

    [Fact]
    public void A_span_admitted_again_by_a_second_stage_is_counted_once()
    {
        const string tenant = "t-bad-clock-twice";
        var registry = new DeltaRegistry(tenant, new RegistryOptions(), Clock());
        var batch = SpanBatchFactory.From(Resource([Attr("service.name", "bad-clock")], Span(name: "bad", start: Year2500 - 1_000, end: Year2500)), tenant);

        Assert.Equal(long.MinValue, registry.Admit(batch));
        Assert.Equal(long.MinValue, registry.Admit(batch, countDiscarded: false));
        Assert.Equal(1, SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.TooFarInFuture, SelfMetricLabels.AllProcessors).Value);
    }

    private static ResourceSpans Good(int count, long endMs) =>
        Resource([Attr("service.name", "good")], [.. Enumerable.Range(0, count).Select(_ => Span(start: Ns(endMs - 100), end: Ns(endMs)))]);

    /// <summary>The sum over series of each one's last value.</summary>
    private static double Total(RecordingAppender output, string prefix) =>
        output.Samples.Where(s => s.Series.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(s => s.Series)
            .Sum(g => g.MaxBy(s => s.TimestampMs).Value);

    /// <summary>A generate task and an aggregate task of one tenant, without Kafka.</summary>
    private sealed class Run
    {
        private readonly string _tenant;
        private readonly DeltaRegistry _deltas;
        private readonly SeriesAccumulator _accumulator;
        private readonly SpanMetricsProcessor _processor;
        private long _watermark = long.MinValue;

        public Run(string tenant, FakeTimeProvider clock)
        {
            _tenant = tenant;
            var options = new RegistryOptions();
            _deltas = new DeltaRegistry(tenant, options, clock);
            _accumulator = new SeriesAccumulator(tenant, options);
            _processor = new SpanMetricsProcessor(tenant, new SpanMetricsOptions(), _deltas, SpanMetricsSubprocessor.All);
        }

        public RecordingAppender Output { get; } = new();

        public void Push(ResourceSpans spans)
        {
            var batch = SpanBatchFactory.From(spans, _tenant);
            Watermark(Math.Max(_watermark, _deltas.Admit(batch)));
            _processor.PushSpans(batch);
        }

        public void Watermark(long watermarkMs)
        {
            _watermark = Math.Max(_watermark, watermarkMs);
            _deltas.AdvanceWatermark(_watermark);
            _accumulator.Apply(_deltas.TakeClosedDeltas());
            _accumulator.Collect(Output, _watermark);
        }
    }
}
