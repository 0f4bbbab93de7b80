using System.Globalization;
using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Benchmarks.RemoteWrite;

/// <summary>
/// One steady-state collection of classic span-metrics latency histograms (Tempo's 14 default bounds: 14 buckets + +Inf,
/// _sum, _count = 17 series each) encoded into snappy-compressed WriteRequests of 2,000 samples.
/// The target is "100,000 series ≤ 100 ms on one core". A series is a Prometheus time series, as in Tempo's
/// <c>max_active_series</c> (a classic histogram counts as buckets + 2), so the target case is
/// <c>Histograms = 5883</c> = 100,011 series; <c>Histograms = 100000</c> (1.7 M series, ~350 MB of protobuf before
/// compression) is the scale figure. Label sets look like Tempo's (<c>__name__</c>, <c>le</c>, service, span_kind,
/// span_name, status_code, plus two external labels) and are built in setup, as a registry holds them: every
/// histogram owns its value strings (as series decoded from separate records do), the series of one histogram share
/// them, and they are appended in the registry's order (_sum, _count, buckets). <see cref="CollectAndEncode"/> is the
/// whole collection path: a <see cref="SeriesAccumulator"/> holding the same histograms writes a window into the
/// encoder. Allocated is the compressed request bodies, which the queue keeps until they are sent.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class WriteRequestEncoderBench
{
    private static readonly string[] Bounds = ["0.002", "0.004", "0.008", "0.016", "0.032", "0.064", "0.128", "0.256", "0.512", "1.024", "2.048", "4.096", "8.192", "16.384", "+Inf"];
    private static readonly string[] SpanKinds = ["SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_INTERNAL"];
    private static readonly string[] StatusCodes = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];
    private static readonly double[] BucketBounds = [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384];
    private static readonly string[] SeriesNames = ["__name__", "instance", "job", "service", "span_kind", "span_name", "status_code"];
    private static readonly string[] BucketNames = ["__name__", "instance", "job", "le", "service", "span_kind", "span_name", "status_code"];
    private const long T0 = 1_760_000_000_000;

    private LabelSet[] _labels = [];
    private WriteRequestEncoder _encoder = null!;
    private readonly DiscardingSink _sink = new();
    private SeriesAccumulator _accumulator = null!;
    private long _watermark;

    /// <summary>Classic histograms in the collection; 5,883 × 17 = 100,011 series is the target.</summary>
    [Params(5_883, 100_000)]
    public int Histograms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var all = new List<LabelSet>(Histograms * (Bounds.Length + 2));
        for (var h = 0; h < Histograms; h++)
        {
            // New string instances per histogram: the encoder may not rely on values being shared across series.
            var service = string.Concat("checkout-service-", (h % 50).ToString(CultureInfo.InvariantCulture));
            var span = string.Concat("HTTP GET /api/v1/orders/{id}/items/", (h / 50).ToString(CultureInfo.InvariantCulture));
            var kind = SpanKinds[h % SpanKinds.Length];
            var status = StatusCodes[h / 7 % StatusCodes.Length];
            all.Add(Labels("traces_spanmetrics_latency_sum", null, service, kind, span, status));
            all.Add(Labels("traces_spanmetrics_latency_count", null, service, kind, span, status));
            foreach (var bound in Bounds)
            {
                all.Add(Labels("traces_spanmetrics_latency_bucket", bound, service, kind, span, status));
            }
        }

        _labels = [.. all];
        _encoder = new WriteRequestEncoder(RemoteWriteDefaults.MaxSamplesPerSend, _sink);
        SetupAccumulator();
    }

    [Benchmark]
    public int EncodeCollection()
    {
        var labels = _labels;
        for (var i = 0; i < labels.Length; i++)
        {
            _encoder.AppendSample(labels[i], T0, i & 1023);
        }

        _encoder.Commit(T0);
        return _sink.LastRequests;
    }

    [Benchmark]
    public int CollectAndEncode()
    {
        _watermark += 15_000;
        _accumulator.Collect(_encoder, _watermark);
        return _sink.LastRequests;
    }

    private void SetupAccumulator()
    {
        var options = new RegistryOptions { StaleDuration = TimeSpan.FromDays(3650) };
        options.ExternalLabels["instance"] = "metrics-generator-0";
        options.ExternalLabels["job"] = "tempo/metrics-generator";
        _accumulator = new SeriesAccumulator("bench", options);
        var batch = new SeriesDeltaBatch("bench");
        for (var h = 0; h < Histograms; h++)
        {
            string[] names = ["service", "span_kind", "span_name", "status_code"];
            string[] values =
            [
                string.Concat("checkout-service-", (h % 50).ToString(CultureInfo.InvariantCulture)),
                SpanKinds[h % SpanKinds.Length],
                string.Concat("HTTP GET /api/v1/orders/{id}/items/", (h / 50).ToString(CultureInfo.InvariantCulture)),
                StatusCodes[h / 7 % StatusCodes.Length],
            ];
            const string metric = "traces_spanmetrics_latency";
            var delta = new SeriesDelta(metric, MetricKind.Histogram, names, values, SeriesKey.Of(metric, names, values), T0 + 15_000, BucketBounds);
            delta.Observe(0.001 * (h % 5000), 1, default, (ulong)(T0 + 1_000) * 1_000_000UL);
            batch.Add(delta);
        }

        _accumulator.Apply(batch);
        _watermark = T0 + 20_000;

        // The first window also writes every series' zero sample; the benchmark measures the steady state after it.
        _accumulator.Collect(_encoder, _watermark);
    }

    private static LabelSet Labels(string name, string? le, string service, string kind, string span, string status)
    {
        // One names array for all, as the registry passes the same scratch array for every series.
        var names = le is null ? SeriesNames : BucketNames;
        string[] values = le is null
            ? [name, "metrics-generator-0", "tempo/metrics-generator", service, kind, span, status]
            : [name, "metrics-generator-0", "tempo/metrics-generator", le, service, kind, span, status];
        return new LabelSet(names, values, names.Length, LabelSet.ComputeHash(names, values));
    }

    private sealed class DiscardingSink : IEncodedWindowSink
    {
        public int LastRequests { get; private set; }

        public void Enqueue(EncodedWindow window) => LastRequests = window.Requests.Count;
    }
}
