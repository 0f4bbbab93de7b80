using KafkaMetricsGen.Core.Registry;
using Snappier;
using V2 = KafkaMetricsGen.Wire.Prometheus.V2;

namespace KafkaMetricsGen.Core.RemoteWrite;

public class WriteRequestV2EncoderTests
{
    private readonly CollectingSink _sink = new();

    [Fact]
    public void Encodes_labels_as_references_into_a_symbols_table_that_starts_with_the_empty_string()
    {
        var encoder = new WriteRequestV2Encoder(100, _sink);
        encoder.AppendSample(TestLabels.Of("__name__", "calls_total", "service", "api", "span_name", "GET /ü"), 75_000, 42.5);
        encoder.AppendSample(TestLabels.Of("__name__", "calls_total", "service", "web", "span_name", "GET /ü"), 75_000, 7);
        encoder.Commit(75_000);

        var request = Assert.Single(Assert.Single(_sink.Windows).Requests);
        Assert.Equal(RemoteWriteMessage.V2, request.Message);
        var decoded = Decode(request);
        Assert.Equal("", decoded.Symbols[0]);
        Assert.Equal(decoded.Symbols.Count, decoded.Symbols.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["__name__=calls_total,service=api,span_name=GET /ü", "__name__=calls_total,service=web,span_name=GET /ü"], decoded.Timeseries.Select(s => Labels(decoded, s.LabelsRefs)));
        Assert.Equal((42.5, 75_000L), (decoded.Timeseries[0].Samples[0].Value, decoded.Timeseries[0].Samples[0].Timestamp));
        Assert.Equal((2, 0, 0, 75_000L), (request.Samples, request.Exemplars, request.Histograms, request.MaxTimestampMs));
    }

    [Fact]
    public void Gives_each_series_its_metadata_type_and_a_new_counter_its_created_timestamp()
    {
        var encoder = new WriteRequestV2Encoder(100, _sink);
        var counter = TestLabels.Of("__name__", "calls_total");
        var bucket = TestLabels.Of("__name__", "latency_bucket", "le", "0.5");
        encoder.AppendSample(counter, 60_000, 0);
        encoder.AppendSample(counter, 75_000, 3);
        encoder.AppendSample(bucket, 75_000, 2);
        encoder.AppendSample(TestLabels.Of("__name__", "target_info"), 75_000, 1);
        encoder.Commit(75_000);

        var decoded = Decode(Assert.Single(Assert.Single(_sink.Windows).Requests));
        Assert.Equal(
            [V2.Metadata.Types.MetricType.Counter, V2.Metadata.Types.MetricType.Histogram, V2.Metadata.Types.MetricType.Gauge],
            decoded.Timeseries.Select(s => s.Metadata.Type));
        Assert.Equal([60_000L, 0L, 0L], decoded.Timeseries.Select(s => s.CreatedTimestamp));
        Assert.Equal([0, 0, 0], decoded.Timeseries.Select(s => (int)s.Metadata.HelpRef));
    }

    [Fact]
    public void Carries_exemplars_and_native_histograms_with_their_labels_as_references()
    {
        var encoder = new WriteRequestV2Encoder(100, _sink);
        var native = TestLabels.Of("__name__", "latency_seconds", "service", "api");
        encoder.AppendHistogram(native, Histogram(60_000, count: 0));
        encoder.AppendHistogram(native, Histogram(75_000, count: 7));
        encoder.AppendExemplar(native, new ExemplarSample("traceID", "abc123", 0.42, 75_000));
        encoder.Commit(75_000);

        var request = Assert.Single(Assert.Single(_sink.Windows).Requests);
        var decoded = Decode(request);
        var series = Assert.Single(decoded.Timeseries);
        Assert.Equal([0UL, 7UL], series.Histograms.Select(h => h.CountInt));
        Assert.Equal([1L, 1L, 1L], series.Histograms[1].PositiveDeltas);
        Assert.Equal(12.5, series.Histograms[1].Sum);
        Assert.Equal(V2.Metadata.Types.MetricType.Histogram, series.Metadata.Type);
        Assert.Equal(60_000, series.CreatedTimestamp);
        var exemplar = Assert.Single(series.Exemplars);
        Assert.Equal("traceID=abc123", Labels(decoded, exemplar.LabelsRefs));
        Assert.Equal((0.42, 75_000L), (exemplar.Value, exemplar.Timestamp));
        Assert.Equal((0, 1, 2), (request.Samples, request.Exemplars, request.Histograms));
    }

    [Fact]
    public void Gives_each_request_of_a_split_collection_a_symbols_table_of_its_own()
    {
        var encoder = new WriteRequestV2Encoder(3, _sink);
        foreach (var service in (string[])["a", "b", "c"])
        {
            var labels = TestLabels.Of("__name__", "calls_total", "service", service);
            encoder.AppendSample(labels, 60_000, 0);
            encoder.AppendSample(labels, 75_000, 1);
        }

        encoder.Commit(75_000);

        var requests = Assert.Single(_sink.Windows).Requests;
        Assert.Equal(3, requests.Count);
        for (var i = 0; i < 3; i++)
        {
            var decoded = Decode(requests[i]);
            Assert.Equal($"__name__=calls_total,service={"abc"[i]}", Labels(decoded, Assert.Single(decoded.Timeseries).LabelsRefs));
            Assert.Equal(["", "__name__", "calls_total", "service", "abc"[i].ToString()], decoded.Symbols);
        }
    }

    [Fact]
    public void Falls_back_to_exactly_what_the_1_0_encoder_writes()
    {
        var v1 = new CollectingSink();
        ISeriesAppender[] encoders = [new WriteRequestEncoder(4, v1), new WriteRequestV2Encoder(4, _sink)];
        foreach (var encoder in encoders)
        {
            var bucket = TestLabels.Of("__name__", "latency_bucket", "le", "0.5", "service", "ü");
            encoder.AppendSample(bucket, 60_000, 0);
            encoder.AppendSample(bucket, 75_000, 3);
            encoder.AppendExemplar(bucket, new ExemplarSample("traceID", "abc123", 0.42, 75_000));
            var native = TestLabels.Of("__name__", "latency_seconds");
            encoder.AppendHistogram(native, Histogram(75_000, count: 7));
            encoder.AppendSample(TestLabels.Of("__name__", "up"), 75_000, StaleMarker.Value);
            encoder.Commit(75_000);
        }

        var expected = v1.DecodeAll();
        var fallback = _sink.Windows.SelectMany(w => w.Requests).Select(RemoteWriteV1Fallback.ToV1).ToList();
        Assert.Equal(expected, fallback.Select(CollectingSink.Decode));
        Assert.All(fallback, r => Assert.Equal(RemoteWriteMessage.V1, r.Message));
        Assert.Equal(v1.Windows[0].Requests.Select(r => r.Items), fallback.Select(r => r.Items));
    }

    [Fact]
    public void Appending_allocates_nothing_once_warm()
    {
        var encoder = new WriteRequestV2Encoder(100_000, _sink);
        var series = Enumerable.Range(0, 500).Select(i => TestLabels.Of("__name__", "calls_total", "service", "svc-" + i)).ToArray();
        void Collect()
        {
            foreach (var labels in series)
            {
                encoder.AppendSample(labels, 60_000, 0);
                encoder.AppendSample(labels, 75_000, 3);
                encoder.AppendExemplar(labels, new ExemplarSample("traceID", "abc123", 0.42, 75_000));
            }
        }

        Collect();
        encoder.Commit(75_000);

        Assert.Equal(0, KafkaMetricsGen.TestKit.Allocations.Least(Collect));
    }

    [Theory]
    [InlineData("traces_spanmetrics_calls_total", false, 1)]
    [InlineData("traces_spanmetrics_latency_bucket", false, 3)]
    [InlineData("traces_spanmetrics_latency_sum", false, 3)]
    [InlineData("traces_spanmetrics_latency_count", false, 3)]
    [InlineData("traces_spanmetrics_latency", true, 3)]
    [InlineData("traces_target_info", false, 2)]
    public void Reads_the_metric_type_from_the_name_the_registry_gives(string name, bool native, int type) =>
        Assert.Equal(type, WriteRequestV2Encoder.MetricTypeOf(name, native));

    private static V2.Request Decode(EncodedRequest request) => V2.Request.Parser.ParseFrom(Snappy.DecompressToArray(request.Body));

    private static string Labels(V2.Request request, IList<uint> refs) =>
        string.Join(",", Enumerable.Range(0, refs.Count / 2).Select(i => request.Symbols[(int)refs[2 * i]] + "=" + request.Symbols[(int)refs[(2 * i) + 1]]));

    private static NativeHistogramSample Histogram(long timestampMs, ulong count)
    {
        var histogram = new NativeHistogramSample { TimestampMs = timestampMs, Count = count, Sum = count == 0 ? 0 : 12.5, ZeroThreshold = 2.938735877055719e-39 };
        if (count > 0)
        {
            histogram.ZeroCount = 1;
            histogram.PositiveSpans.Add((0, 3));
            histogram.PositiveDeltas.AddRange([1, 1, 1]);
        }

        return histogram;
    }
}
