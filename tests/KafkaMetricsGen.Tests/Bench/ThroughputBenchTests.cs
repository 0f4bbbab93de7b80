using KafkaMetricsGen.Bench;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Tests.Bench;

// Workers in one process share the process-wide self-metrics: tests that run one never run side by side.
[Collection(KafkaMetricsGen.Tests.KafkaCollection.Name)]
public sealed class ThroughputBenchTests
{
    [Fact]
    public async Task Counts_every_span_written_and_reports_both_rates()
    {
        using var output = new StringWriter();
        var bench = new ThroughputBench(new ThroughputBenchOptions { Spans = 2_000, Partitions = 2, Guarantee = "at_least_once" }, output, NullLoggerFactory.Instance);

        var result = await bench.RunAsync(CancellationToken.None);

        // Whole traces of 11 spans, so the count rounds up.
        Assert.Equal(2_002, result.Spans);
        Assert.Equal(21, result.Records);
        Assert.True(result.BaselineSpansPerSecond > 0);
        Assert.True(result.WorkerCounted >= result.WorkerDecoded);

        // The ceilings ran over the same records: Kafka Streams alone, then through a hop.
        Assert.True(result.PassThrough > TimeSpan.Zero && result.PassThroughHop > TimeSpan.Zero);
        Assert.True(result.Gc.Gen0 >= result.Gc.Gen1 && result.Gc.Gen1 >= result.Gc.Gen2);
        Assert.Contains("ceiling: same, through one hop", result.Table(), StringComparison.Ordinal);
        Assert.Contains("ratio worker/baseline", result.Table(), StringComparison.Ordinal);
        Assert.StartsWith("throughput at_least_once: worker ", result.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_every_span_when_the_input_is_declared_trace_partitioned()
    {
        using var output = new StringWriter();
        var bench = new ThroughputBench(new ThroughputBenchOptions { Spans = 2_000, Partitions = 2, TracePartitioned = true, Guarantee = "at_least_once" }, output, NullLoggerFactory.Instance);

        var result = await bench.RunAsync(CancellationToken.None);

        // Every synthetic record holds whole traces, so skipping the spans-by-trace hop loses no edge and no span.
        Assert.Equal(2_002, result.Spans);
        Assert.True(result.WorkerCounted >= result.WorkerDecoded);
    }

    [Fact]
    public void Rejects_trace_partitions_with_a_trace_partitioned_input()
    {
        var options = new ThroughputBenchOptions { Spans = 10, Partitions = 4, TracePartitions = 2, TracePartitioned = true };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("--trace-partitions cannot be combined with --trace-partitioned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raises_the_partitions_when_the_data_would_overflow_the_broker_retention()
    {
        using var output = new StringWriter();
        var bench = new ThroughputBench(new ThroughputBenchOptions { Spans = 2_000_000, Partitions = 1 }, output, NullLoggerFactory.Instance);

        Assert.True(bench.FittingPartitions(20_203) > 1);
    }

    [Theory]
    [InlineData(0, 4, "at_least_once", "--spans")]
    [InlineData(10, 0, "at_least_once", "--partitions")]
    [InlineData(10, 4, "sometimes", "--guarantee")]
    public void Rejects_bad_options_naming_the_option(long spans, int partitions, string guarantee, string option)
    {
        var options = new ThroughputBenchOptions { Spans = spans, Partitions = partitions, Guarantee = guarantee };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }
}
