using System.Globalization;
using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Benchmarks.RemoteWrite;

/// <summary>
/// One collection of 100,000 classic-histogram series (14 bounds + +Inf, _sum, _count: 1.7M samples) encoded into
/// snappy-compressed WriteRequests of 2,000 samples. Label sets are built in setup, as a registry holds them.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class WriteRequestEncoderBench
{
    private const int SeriesCount = 100_000;
    private static readonly string[] Bounds = ["0.002", "0.004", "0.008", "0.016", "0.032", "0.064", "0.128", "0.256", "0.512", "1.02", "2.05", "4.1", "8.2", "16.4", "+Inf"];

    private LabelSet[] _labels = [];
    private WriteRequestEncoder _encoder = null!;
    private readonly DiscardingSink _sink = new();

    [GlobalSetup]
    public void Setup()
    {
        var all = new List<LabelSet>(SeriesCount * (Bounds.Length + 2));
        for (var s = 0; s < SeriesCount; s++)
        {
            var service = "service-" + (s % 50).ToString(CultureInfo.InvariantCulture);
            var span = "GET /api/v1/resource/" + (s / 50).ToString(CultureInfo.InvariantCulture);
            foreach (var bound in Bounds)
            {
                all.Add(Labels("traces_spanmetrics_latency_bucket", service, span, bound));
            }

            all.Add(Labels("traces_spanmetrics_latency_sum", service, span, null));
            all.Add(Labels("traces_spanmetrics_latency_count", service, span, null));
        }

        _labels = [.. all];
        _encoder = new WriteRequestEncoder(RemoteWriteDefaults.MaxSamplesPerSend, _sink);
    }

    [Benchmark]
    public int EncodeCollection()
    {
        const long t = 1_760_000_000_000;
        var labels = _labels;
        for (var i = 0; i < labels.Length; i++)
        {
            _encoder.AppendSample(labels[i], t, i & 1023);
        }

        _encoder.Commit(t);
        return _sink.LastRequests;
    }

    private static LabelSet Labels(string name, string service, string span, string? le)
    {
        string[] names = le is null
            ? ["__name__", "service", "span_kind", "span_name", "status_code"]
            : ["__name__", "le", "service", "span_kind", "span_name", "status_code"];
        string[] values = le is null
            ? [name, service, "SPAN_KIND_SERVER", span, "STATUS_CODE_UNSET"]
            : [name, le, service, "SPAN_KIND_SERVER", span, "STATUS_CODE_UNSET"];
        return new LabelSet(names, values, names.Length, LabelSet.ComputeHash(names, values));
    }

    private sealed class DiscardingSink : IEncodedWindowSink
    {
        public int LastRequests { get; private set; }

        public void Enqueue(EncodedWindow window) => LastRequests = window.Requests.Count;
    }
}
