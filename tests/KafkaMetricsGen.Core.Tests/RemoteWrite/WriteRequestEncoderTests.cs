using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Wire.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

public class WriteRequestEncoderTests
{
    private readonly CollectingSink _sink = new();

    [Fact]
    public void Encodes_samples_grouped_per_series_as_the_generated_parser_reads_them()
    {
        var encoder = new WriteRequestEncoder(100, _sink);
        var calls = TestLabels.Of("__name__", "calls_total", "service", "api", "span_name", "GET /ü");
        var gauge = TestLabels.Of("__name__", "up");
        encoder.AppendSample(calls, 59_000, 0);
        encoder.AppendSample(calls, 75_000, 42.5);
        encoder.AppendSample(gauge, 75_000, StaleMarker.Value);
        encoder.Commit(75_000);

        var expected = new WriteRequest();
        var first = Series("__name__", "calls_total", "service", "api", "span_name", "GET /ü");
        first.Samples.Add(new Sample { Value = 0, Timestamp = 59_000 });
        first.Samples.Add(new Sample { Value = 42.5, Timestamp = 75_000 });
        var second = Series("__name__", "up");
        second.Samples.Add(new Sample { Value = StaleMarker.Value, Timestamp = 75_000 });
        expected.Timeseries.Add(first);
        expected.Timeseries.Add(second);

        var window = Assert.Single(_sink.Windows);
        Assert.Equal(75_000, window.WindowEndMs);
        var request = Assert.Single(window.Requests);
        Assert.Equal(expected, CollectingSink.Decode(request));
        Assert.True(StaleMarker.Is(CollectingSink.Decode(request).Timeseries[1].Samples[0].Value));
        Assert.Equal((3, 0, 0, 75_000L), (request.Samples, request.Exemplars, request.Histograms, request.MaxTimestampMs));
    }

    [Fact]
    public void Attaches_an_exemplar_to_the_series_it_was_appended_for()
    {
        var encoder = new WriteRequestEncoder(100, _sink);
        var bucket = TestLabels.Of("__name__", "latency_bucket", "le", "0.5");
        encoder.AppendSample(bucket, 15_000, 3);
        encoder.AppendExemplar(bucket, new ExemplarSample("traceID", "abc123", 0.42, 15_000));
        encoder.Commit(15_000);

        var expected = Series("__name__", "latency_bucket", "le", "0.5");
        expected.Samples.Add(new Sample { Value = 3, Timestamp = 15_000 });
        var exemplar = new Exemplar { Value = 0.42, Timestamp = 15_000 };
        exemplar.Labels.Add(new Label { Name = "traceID", Value = "abc123" });
        expected.Exemplars.Add(exemplar);

        var request = Assert.Single(Assert.Single(_sink.Windows).Requests);
        Assert.Equal(expected, Assert.Single(CollectingSink.Decode(request).Timeseries));
        Assert.Equal(1, request.Exemplars);
    }

    [Fact]
    public void Encodes_a_native_histogram_with_spans_and_zigzag_deltas()
    {
        var encoder = new WriteRequestEncoder(100, _sink);
        var sample = new NativeHistogramSample
        {
            TimestampMs = 30_000,
            Schema = -2,
            ZeroThreshold = 2.938735877055719e-39,
            ZeroCount = 1,
            Count = 9,
            Sum = 12.5,
            ResetHint = 2,
        };
        sample.PositiveSpans.Add((-3, 2));
        sample.PositiveSpans.Add((4, 1));
        sample.PositiveDeltas.AddRange([5, -4, 2]);
        encoder.AppendHistogram(TestLabels.Of("__name__", "latency"), sample);
        encoder.Commit(30_000);

        var expected = new Histogram
        {
            CountInt = 9,
            Sum = 12.5,
            Schema = -2,
            ZeroThreshold = 2.938735877055719e-39,
            ZeroCountInt = 1,
            ResetHint = Histogram.Types.ResetHint.No,
            Timestamp = 30_000,
        };
        expected.PositiveSpans.Add(new BucketSpan { Offset = -3, Length = 2 });
        expected.PositiveSpans.Add(new BucketSpan { Offset = 4, Length = 1 });
        expected.PositiveDeltas.AddRange([5, -4, 2]);

        var request = Assert.Single(Assert.Single(_sink.Windows).Requests);
        var series = Assert.Single(CollectingSink.Decode(request).Timeseries);
        Assert.Equal(expected, Assert.Single(series.Histograms));
        Assert.Equal(Histogram.CountOneofCase.CountInt, series.Histograms[0].CountCase);
        Assert.Equal(1, request.Histograms);
    }

    [Fact]
    public void Leaves_exemplars_out_when_send_exemplars_is_off()
    {
        var encoder = new WriteRequestEncoder(100, _sink, sendExemplars: false);
        var bucket = TestLabels.Of("__name__", "latency_bucket", "le", "0.5");
        encoder.AppendSample(bucket, 15_000, 3);
        encoder.AppendExemplar(bucket, new ExemplarSample("traceID", "abc123", 0.42, 15_000));
        encoder.Commit(15_000);

        var request = Assert.Single(Assert.Single(_sink.Windows).Requests);
        var series = Assert.Single(CollectingSink.Decode(request).Timeseries);
        Assert.Single(series.Samples);
        Assert.Empty(series.Exemplars);
        Assert.Equal(0, request.Exemplars);
    }

    [Fact]
    public void Leaves_native_histograms_out_when_send_native_histograms_is_off()
    {
        var encoder = new WriteRequestEncoder(100, _sink, sendNativeHistograms: false);
        encoder.AppendSample(TestLabels.Of("__name__", "latency_count"), 30_000, 9);
        encoder.AppendHistogram(TestLabels.Of("__name__", "latency"), new NativeHistogramSample { TimestampMs = 30_000, Count = 9, Sum = 1 });
        encoder.Commit(30_000);

        var request = Assert.Single(Assert.Single(_sink.Windows).Requests);
        var series = Assert.Single(CollectingSink.Decode(request).Timeseries);
        Assert.Equal("latency_count", series.Labels[0].Value);
        Assert.Equal(0, request.Histograms);
    }

    [Fact]
    public void Splits_a_collection_into_requests_of_at_most_max_samples_per_send_without_splitting_a_series()
    {
        var encoder = new WriteRequestEncoder(7, _sink);
        for (var i = 0; i < 10; i++)
        {
            var labels = TestLabels.Of("__name__", "calls_total", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            encoder.AppendSample(labels, 1_000, 0);
            encoder.AppendSample(labels, 2_000, i);
            encoder.AppendSample(labels, 3_000, i);
        }

        encoder.Commit(3_000);

        var requests = Assert.Single(_sink.Windows).Requests;
        Assert.All(requests, r => Assert.True(r.Items <= 7));
        Assert.Equal(5, requests.Count);
        var decoded = _sink.DecodeAll();
        Assert.Equal(10, decoded.Sum(r => r.Timeseries.Count));
        Assert.All(decoded.SelectMany(r => r.Timeseries), s => Assert.Equal(3, s.Samples.Count));
    }

    [Fact]
    public void Sends_a_series_larger_than_the_limit_in_a_request_of_its_own()
    {
        var encoder = new WriteRequestEncoder(2, _sink);
        var big = TestLabels.Of("__name__", "big");
        encoder.AppendSample(TestLabels.Of("__name__", "small"), 1, 1);
        encoder.AppendSample(big, 1, 1);
        encoder.AppendSample(big, 2, 2);
        encoder.AppendSample(big, 3, 3);
        encoder.Commit(3);

        Assert.Equal([1, 3], Assert.Single(_sink.Windows).Requests.Select(r => r.Items));
    }

    [Fact]
    public void Commits_no_window_for_an_empty_collection()
    {
        var encoder = new WriteRequestEncoder(10, _sink);
        encoder.Commit(15_000);
        Assert.Empty(_sink.Windows);
    }

    [Fact]
    public void Starts_each_collection_afresh_after_a_commit()
    {
        var encoder = new WriteRequestEncoder(10, _sink);
        var labels = TestLabels.Of("__name__", "x");
        encoder.AppendSample(labels, 15_000, 1);
        encoder.Commit(15_000);
        encoder.AppendSample(labels, 30_000, 2);
        encoder.Commit(30_000);

        var decoded = _sink.DecodeAll();
        Assert.Equal(2, decoded.Count);
        Assert.Equal(2, Assert.Single(Assert.Single(decoded[1].Timeseries).Samples).Value);
    }

    [Fact]
    public void Encodes_every_label_right_when_many_distinct_values_overflow_the_label_cache()
    {
        var encoder = new WriteRequestEncoder(2000, _sink);
        var service = new string('s', 40);
        for (var i = 0; i < 30_000; i++)
        {
            var id = "value-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('x', i % 50);
            encoder.AppendSample(TestLabels.Of("__name__", "m", "id", id, "service", service), i, i);
        }

        encoder.Commit(30_000);

        var i2 = 0;
        foreach (var series in _sink.DecodeAll().SelectMany(r => r.Timeseries))
        {
            var expectedId = "value-" + i2.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('x', i2 % 50);
            Assert.Equal(["__name__=m", "id=" + expectedId, "service=" + service], series.Labels.Select(l => l.Name + "=" + l.Value));
            Assert.Equal(i2, series.Samples[0].Timestamp);
            i2++;
        }

        Assert.Equal(30_000, i2);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(2000)]
    public void Writes_what_the_generated_types_build_for_the_same_appends(int maxSamplesPerSend)
    {
        var encoder = new WriteRequestEncoder(maxSamplesPerSend, _sink);
        var reference = new GeneratedWriteRequestAppender();
        var random = new Random(42);
        var payload = new string('p', 20_000);
        var pool = new[]
        {
            TestLabels.Of("__name__", "u"),
            TestLabels.Of("__name__", "u", "v", "1"),
            TestLabels.Of("__name__", "latency_bucket", "le", "0.5", "service", "checkout", "span_name", "GET /ü"),
            TestLabels.Of("__name__", "latency_sum", "service", "checkout", "span_name", "GET /ü"),
            TestLabels.Of("__name__", "big", "payload", payload),
            TestLabels.Of("__name__", "big", "payload", payload, "v", "1"),
        };
        for (var i = 0; i < 3_000; i++)
        {
            // Fresh string instances now and then, so label bytes come from the cache and from encoding alike; literals
            // are interned, so pool entries share instances as a histogram's series do. Series bodies of under 128
            // bytes and over 16 KB need other than the two length bytes the encoder reserves.
            var labels = random.Next(4) == 0
                ? TestLabels.Of("__name__", "calls_total", "id", string.Concat("v", (i % 97).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                : pool[random.Next(pool.Length)];
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                Append(random, i, labels, encoder, reference);
            }
        }

        encoder.Commit(1);

        var requests = Assert.Single(_sink.Windows).Requests;
        var decoded = _sink.DecodeAll();
        Assert.Equal(reference.Series, decoded.SelectMany(r => r.Timeseries));
        for (var r = 0; r < requests.Count; r++)
        {
            var series = decoded[r].Timeseries;
            Assert.Equal(series.Sum(s => s.Samples.Count), requests[r].Samples);
            Assert.Equal(series.Sum(s => s.Exemplars.Count), requests[r].Exemplars);
            Assert.Equal(series.Sum(s => s.Histograms.Count), requests[r].Histograms);
            Assert.True(requests[r].Items <= maxSamplesPerSend || series.Count == 1);
        }
    }

    [Fact]
    public void Keeps_two_label_sets_with_the_same_hash_apart()
    {
        var encoder = new WriteRequestEncoder(100, _sink);
        var a = TestLabels.Of("__name__", "a");
        var b = TestLabels.Of("__name__", "b");
        encoder.AppendSample(a, 1, 1);
        encoder.AppendSample(new LabelSet(["__name__"], ["b"], 1, a.Hash), 1, 2);
        encoder.Commit(1);

        var series = CollectingSink.Decode(Assert.Single(Assert.Single(_sink.Windows).Requests)).Timeseries;
        Assert.Equal(["a", "b"], series.Select(s => s.Labels[0].Value));
        Assert.NotEqual(a.Hash, b.Hash);
    }

    private static void Append(Random random, int i, LabelSet labels, WriteRequestEncoder encoder, GeneratedWriteRequestAppender reference)
    {
        switch (random.Next(5))
        {
            case 0:
                var exemplar = new ExemplarSample("traceID", i.ToString("x", System.Globalization.CultureInfo.InvariantCulture), i * 0.5, i);
                encoder.AppendExemplar(labels, exemplar);
                reference.AppendExemplar(labels, exemplar);
                break;
            case 1:
                var histogram = new NativeHistogramSample { TimestampMs = i, Schema = 3, ZeroThreshold = 1e-9, ZeroCount = 1, Count = (ulong)(i + 1), Sum = i, ResetHint = i % 3 };
                for (var s = random.Next(0, 30); s > 0; s--)
                {
                    histogram.PositiveSpans.Add((random.Next(-5, 5), 1));
                    histogram.PositiveDeltas.Add(random.Next(-3, 3));
                }

                encoder.AppendHistogram(labels, histogram);
                reference.AppendHistogram(labels, histogram);
                break;
            default:
                encoder.AppendSample(labels, i, i == 7 ? StaleMarker.Value : i * 1.5);
                reference.AppendSample(labels, i, i == 7 ? StaleMarker.Value : i * 1.5);
                break;
        }
    }

    private static TimeSeries Series(params string[] pairs)
    {
        var labels = TestLabels.Of(pairs);
        var series = new TimeSeries();
        for (var i = 0; i < labels.Count; i++)
        {
            series.Labels.Add(new Label { Name = labels.Names[i], Value = labels.Values[i] });
        }

        return series;
    }
}
