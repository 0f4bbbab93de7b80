using System.Buffers;
using KafkaMetricsGen.Core.Ingest;
using static KafkaMetricsGen.Core.Registry.RegistryTestData;

namespace KafkaMetricsGen.Core.Registry;

public class SeriesDeltaBatchTests
{
    private static SeriesDeltaBatch Generate(string tenant, int seed)
    {
        var r = new DeltaRegistry(tenant, new RegistryOptions { GenerateNativeHistograms = HistogramMode.Both }, Clock());
        var b = r.NewLabelBuilder();
        var c = r.NewCounter("calls");
        var g = r.NewGauge("info");
        var h = r.NewHistogram("latency", Buckets);
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var labels = Labels(b, ("service", "s" + random.Next(4)), ("span_name", "op" + random.Next(3)));
            var t = Ns(T0 + random.Next(40_000));
            c.Inc(labels, random.Next(1, 4), t);
            g.Set(labels, random.Next(100), t);
            h.Observe(labels, random.Next(1, 30_000) / 1024.0 /* dyadic: sums are exact in any order */, random.Next(1, 3), new TraceId(0, (ulong)random.Next(1, 1000)), t);
        }

        return r.TakeDeltas();
    }

    private static byte[] Bytes(SeriesDeltaBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        batch.Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Merging_is_associative()
    {
        var a = Generate("t-merge", 1);
        var b = Generate("t-merge", 2);
        var c = Generate("t-merge", 3);

        var left = a.Clone();
        left.MergeFrom(b);
        left.MergeFrom(c);

        var bc = b.Clone();
        bc.MergeFrom(c);
        var right = a.Clone();
        right.MergeFrom(bc);

        Assert.Equal(Bytes(left), Bytes(right));
        Assert.NotEqual(Bytes(a), Bytes(left));
    }

    [Fact]
    public void Merging_adds_counters_buckets_and_native_counts()
    {
        var a = Generate("t-merge2", 1);
        var merged = a.Clone();
        merged.MergeFrom(a);
        var one = a.Deltas.First(d => d.Kind == MetricKind.Histogram);
        var two = merged.Deltas.First(d => d.SeriesKey == one.SeriesKey && d.WindowEndMs == one.WindowEndMs);
        Assert.Equal(one.Count * 2, two.Count);
        Assert.Equal(one.NativeCount * 2, two.NativeCount);
        Assert.Equal(one.BucketCounts.Select(x => x * 2), two.BucketCounts);
        Assert.Equal(one.Exemplars, two.Exemplars);
    }

    [Fact]
    public void The_binary_form_round_trips()
    {
        var batch = Generate("t-round", 7);
        var bytes = Bytes(batch);
        Assert.True(SeriesDeltaBatch.TryRead(bytes, out var read));
        Assert.Equal("t-round", read.Tenant);
        Assert.Equal(batch.Count, read.Count);
        Assert.Equal(bytes, Bytes(read));
        var h = read.Deltas.First(d => d.Kind == MetricKind.Histogram);
        Assert.NotNull(h.Native);
        Assert.Equal(Buckets, h.Bounds);
    }

    [Fact]
    public void Truncated_input_is_refused_not_thrown()
    {
        var bytes = Bytes(Generate("t-trunc", 3));
        for (var cut = 0; cut < bytes.Length; cut += 97)
        {
            Assert.False(SeriesDeltaBatch.TryRead(bytes.AsSpan(0, cut), out _));
        }
    }

    [Fact]
    public void Batches_of_different_tenants_do_not_merge() =>
        Assert.Throws<ArgumentException>(() => new SeriesDeltaBatch("a").MergeFrom(new SeriesDeltaBatch("b")));

    [Fact]
    public void The_series_key_is_stable_and_depends_on_name_and_labels()
    {
        var k = SeriesKey.Of("calls", ["a"], ["1"]);
        Assert.Equal(k, SeriesKey.Of("calls", ["a"], ["1"]));
        Assert.NotEqual(k, SeriesKey.Of("calls", ["a"], ["2"]));
        Assert.NotEqual(k, SeriesKey.Of("calls2", ["a"], ["1"]));
    }
}
