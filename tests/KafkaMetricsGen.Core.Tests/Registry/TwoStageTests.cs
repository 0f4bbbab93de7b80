using System.Buffers;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.TestKit;
using static KafkaMetricsGen.Core.Registry.RegistryTestData;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>The topology's shape: several generate tasks, deltas through their binary form, one aggregate task.</summary>
public class TwoStageTests
{
    private static void Record(IMetricsRegistry r, int from, int step)
    {
        var b = r.NewLabelBuilder();
        var c = r.NewCounter("calls");
        var h = r.NewHistogram("latency", Buckets);
        for (var i = from; i < 300; i += step)
        {
            var labels = Labels(b, ("service", "s" + (i % 3)));
            var t = Ns(T0 + (i * 100));
            c.Inc(labels, 1, t);
            h.Observe(labels, (i % 40) / 16.0, 1, new TraceId(0, (ulong)i + 1), t);
        }
    }

    [Fact]
    public void Deltas_from_two_generate_tasks_aggregate_to_the_samples_of_a_single_registry()
    {
        var options = new RegistryOptions { GenerateNativeHistograms = HistogramMode.Both };
        var single = new InProcessRegistry("t-two", options, Clock());
        Record(single, 0, 1);
        var expected = new RecordingAppender();
        single.Flush(expected);

        var accumulator = new SeriesAccumulator("t-two", options);
        for (var task = 0; task < 2; task++)
        {
            var generate = new DeltaRegistry("t-two", options, Clock());
            Record(generate, task, 2);
            var buffer = new ArrayBufferWriter<byte>();
            generate.TakeDeltas().Write(buffer);
            Assert.True(SeriesDeltaBatch.TryRead(buffer.WrittenSpan, out var received));
            accumulator.Apply(received);
        }

        var actual = new RecordingAppender();
        accumulator.CollectAll(actual);
        Assert.Equal(expected.Samples.OrderBy(s => s.Series, StringComparer.Ordinal).ThenBy(s => s.TimestampMs), actual.Samples.OrderBy(s => s.Series, StringComparer.Ordinal).ThenBy(s => s.TimestampMs));
        Assert.Equal(expected.Histograms.Count, actual.Histograms.Count);
        Assert.Equal(expected.Exemplars.Count, actual.Exemplars.Count);
        Assert.Equal(expected.Commits, actual.Commits);
    }

    [Fact]
    public void The_exemplar_label_name_comes_from_the_options()
    {
        var r = new InProcessRegistry("t-trace-label", new RegistryOptions { TraceIdLabelName = "trace_id" }, Clock());
        var b = r.NewLabelBuilder();
        r.NewHistogram("latency", Buckets).Observe(Labels(b, ("s", "x")), 0.1, 1, new TraceId(0x00ab, 0x10), Ns(T0));
        var o = new RecordingAppender();
        r.Flush(o);
        var exemplar = Assert.Single(o.Exemplars).Exemplar;
        Assert.Equal("trace_id", exemplar.LabelName);
        Assert.Equal("ab0000000000000010", exemplar.LabelValue);
    }
}
