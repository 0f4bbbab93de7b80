using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Registry.Sanitizer;
using static KafkaMetricsGen.Core.Registry.RegistryTestData;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// A label set kept by <see cref="LabelSetCache"/> carries a <see cref="SeriesMemo"/>, which lets the registry skip its
/// window lookup; whatever the order of observations, windows and drains, the deltas must be those of the reference path
/// (a fresh set from the builder, which carries no memo).
/// </summary>
public class SeriesMemoTests
{
    private static readonly string[] Names = ["span_name", "service"];
    private static readonly string[] Services = ["checkout", "cart", "payment"];
    private static readonly string[] Operations = ["GET /a", "GET /b", "POST /c", "/user/1234/x"];

    public static TheoryData<string> Settings => ["defaults", "max_cardinality_per_label", "span_name_sanitization"];

    [Theory]
    [MemberData(nameof(Settings))]
    public void Remembered_sets_give_the_deltas_of_the_reference_path(string setting)
    {
        var remembered = new Side(setting);
        var reference = new Side(setting);
        var random = new Random(7);
        var watermark = T0;
        for (var step = 0; step < 5_000; step++)
        {
            var service = Services[random.Next(Services.Length)];
            var operation = Operations[random.Next(Operations.Length)];

            // Mostly the current window, sometimes the next, the one before, or one folded as late.
            var time = watermark + random.Next(-20_000, 20_000);
            var value = random.Next(1, 5);
            var which = random.Next(3);
            remembered.Observe(which, remembered.Cached(operation, service), time, value);
            reference.Observe(which, reference.Fresh(operation, service), time, value);

            switch (random.Next(200))
            {
                case 0:
                    AssertSame(remembered.Registry.TakeDeltas(), reference.Registry.TakeDeltas());
                    break;
                case 1 or 2:
                    watermark += 5_000;
                    remembered.Registry.AdvanceWatermark(watermark);
                    reference.Registry.AdvanceWatermark(watermark);
                    AssertSame(remembered.Registry.TakeClosedDeltas(), reference.Registry.TakeClosedDeltas());
                    break;
            }
        }

        AssertSame(remembered.Registry.TakeDeltas(), reference.Registry.TakeDeltas());
        Assert.True(remembered.Hits > 1_000, $"the cache kept only {remembered.Hits} sets");
    }

    [Fact]
    public void A_drained_window_is_not_reached_again_through_the_memo()
    {
        var side = new Side("defaults");
        var labels = side.Cached("GET /a", "checkout");
        Assert.NotNull(labels.Memo);
        side.Observe(0, labels, T0 + 1_000, 1);
        var first = Assert.Single(side.Registry.TakeDeltas().Deltas);

        side.Observe(0, side.Cached("GET /a", "checkout"), T0 + 2_000, 2);
        var second = Assert.Single(side.Registry.TakeDeltas().Deltas);
        Assert.NotSame(first, second);
        Assert.Equal(1, first.Value);
        Assert.Equal(2, second.Value);
    }

    [Fact]
    public void A_set_from_the_builder_carries_no_memo()
    {
        var registry = new DeltaRegistry("t-memo-builder", new RegistryOptions(), Clock());
        Assert.Null(Labels(registry.NewLabelBuilder(), ("a", "1")).Memo);
    }

    private static void AssertSame(SeriesDeltaBatch actual, SeriesDeltaBatch expected)
    {
        static string Text(SeriesDelta d) =>
            $"{d.Metric} {string.Join(',', d.LabelNames)}={string.Join(',', d.LabelValues)} w{d.WindowEndMs} v{d.Value} c{d.Count} s{d.Sum} b{string.Join(',', d.BucketCounts)} t{d.LastEventTimeUnixNano}";

        Assert.Equal(expected.Deltas.Select(Text).Order(StringComparer.Ordinal), actual.Deltas.Select(Text).Order(StringComparer.Ordinal));
    }

    private sealed class Side
    {
        private readonly LabelSetCache _cache;
        private readonly LabelBuilder _builder;
        private readonly ICounter _calls;
        private readonly ICounter _size;
        private readonly IHistogram _latency;

        public Side(string setting)
        {
            var options = setting switch
            {
                "max_cardinality_per_label" => new RegistryOptions { MaxCardinalityPerLabel = 2 },
                "span_name_sanitization" => new RegistryOptions { SpanNameSanitization = SpanNameSanitization.Enabled },
                _ => new RegistryOptions(),
            };
            Registry = new DeltaRegistry("t-memo-" + setting, options, Clock());
            _cache = new LabelSetCache(Registry.NewLabelBuilder(), Names);
            _builder = Registry.NewLabelBuilder();
            _calls = Registry.NewCounter("calls_total");
            _latency = Registry.NewHistogram("latency", Buckets);
            _size = Registry.NewCounter("size_total");
        }

        public DeltaRegistry Registry { get; }

        public int Hits { get; private set; }

        public LabelSet Cached(string operation, string service)
        {
            _cache.Values[0] = operation;
            _cache.Values[1] = service;
            Assert.True(_cache.TryGet(out var labels));
            Hits += labels.Memo is null ? 0 : 1;
            return labels;
        }

        public LabelSet Fresh(string operation, string service) => Labels(_builder, (Names[0], operation), (Names[1], service));

        public void Observe(int which, in LabelSet labels, long timeMs, int value)
        {
            switch (which)
            {
                case 0:
                    _calls.Inc(labels, value, Ns(timeMs));
                    break;
                case 1:
                    _latency.Observe(labels, value / 100.0, 1, Trace((ulong)value), Ns(timeMs));
                    break;
                default:
                    _size.Inc(labels, value, Ns(timeMs));
                    break;
            }
        }
    }
}
