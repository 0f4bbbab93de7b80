using System.Globalization;
using KafkaMetricsGen.Bench;
using KafkaMetricsGen.Streams.Worker;
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

        // Both passes ran to the end: start-up, then the steady interval, then the last window.
        foreach (var pass in new[] { result.Cold, result.Warm })
        {
            Assert.True(pass.Startup > TimeSpan.Zero && pass.Steady >= TimeSpan.Zero && pass.LastWindow >= TimeSpan.Zero);
            Assert.Equal(pass.Counted, pass.Startup + pass.Steady + pass.LastWindow);

            // The last task goes quiet after the last span and before the window it closes reaches the sink.
            Assert.True(pass.LastQuiet > TimeSpan.Zero && pass.LastQuiet <= pass.LastWindow);
            Assert.True(pass.Gc.Gen0 >= pass.Gc.Gen1 && pass.Gc.Gen1 >= pass.Gc.Gen2);

            // Until counted covers the steady interval and the last window, so it holds at least the steady figures.
            Assert.True(pass.CountedAllocated >= pass.Allocated);
            Assert.True(pass.CountedCpu >= pass.StreamThreadCpu);

            // The start-up phases come in order and end before the first span is decoded.
            Assert.True(pass.Phases.Started > TimeSpan.Zero);
            Assert.True(pass.Phases.Started <= pass.Phases.Assigned && pass.Phases.Assigned <= pass.Startup);
            Assert.True(pass.Phases.Running <= pass.Startup);
        }

        // The stream thread is found by its name, so its CPU is measured, not left out. Thread CPU is counted in clock
        // ticks (10 ms), and this warm pass of 2,000 spans takes a few milliseconds, so it may round to zero here.
        Assert.NotNull(result.Warm.StreamThreadCpu);
        Assert.True(result.CpuMicrosecondsPerSpan >= 0);

        // The single pass runs on the bench's own thread, whose CPU is read too, for a same-host reference.
        Assert.NotNull(result.SinglePassCpu);
        Assert.Matches(@"single pass \d+\.\d\d us \(its thread", result.Table());
        Assert.True(result.BaselineAllocatedBytesPerSpan > 0);

        // Both worker passes paired the single pass's service-graph requests over the same records (a run where they
        // differ is refused), so the three did the same work.
        var requests = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"service-graph requests: cold (\d+), warm (\d+), single pass (\d+)");
        Assert.True(requests.Success, output.ToString());
        Assert.True(long.Parse(requests.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(requests.Groups[3].Value, requests.Groups[1].Value);
        Assert.Equal(requests.Groups[3].Value, requests.Groups[2].Value);

        // Each pass ended its steady interval only once the spans sent through the hop were processed after it.
        var hops = System.Text.RegularExpressions.Regex.Matches(output.ToString(), @"spans through the hop \(sent, processed\): (\d+), (\d+);");
        Assert.Equal(2, hops.Count);
        Assert.All(hops, hop =>
        {
            Assert.InRange(long.Parse(hop.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, result.Spans - 1);
            Assert.Equal(hop.Groups[1].Value, hop.Groups[2].Value);
        });

        // The ceilings ran over the same records: the single pass, Kafka Streams alone, then through a hop.
        Assert.True(result.SinglePass > TimeSpan.Zero && result.PassThrough > TimeSpan.Zero && result.PassThroughHop > TimeSpan.Zero);
        Assert.Contains("ceiling: single pass", result.Table(), StringComparison.Ordinal);
        Assert.Contains("ceiling: same, through one hop", result.Table(), StringComparison.Ordinal);
        Assert.Contains("first decoded until counted", result.Table(), StringComparison.Ordinal);
        Assert.Contains("start-up phases", result.Table(), StringComparison.Ordinal);
        Assert.Contains("last window phases", result.Table(), StringComparison.Ordinal);
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"compiled by the runtime, steady: warm {result.Warm.Jit.Methods} methods in {result.Warm.Jit.Time.TotalSeconds:0.00} s, cold {result.Cold.Jit.Methods} in"),
            result.Table(),
            StringComparison.Ordinal);
        Assert.Matches(
            @"^throughput at_least_once unpartitioned: steady warm ratio \d+\.\d\d \(cold \d+\.\d\d\), single pass \d+\.\d\d, cpu \d+\.\d\d us/span \(\d+\.\d\dx single pass\), alloc \d+ B/span, startup \d+\.\d\d s, last window \d+\.\d s$",
            result.Summary());

        // The CPU figure against the single pass of the same run: the two CPU figures of the table, divided.
        Assert.InRange(result.CpuToSinglePass, 0.01, 1000);
        Assert.Equal(result.Warm.StreamThreadCpu!.Value / result.SinglePassCpu!.Value, result.CpuToSinglePass, 9);
        Assert.Contains($"({result.CpuToSinglePass.ToString("0.00", CultureInfo.InvariantCulture)}x single pass)", result.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_every_span_when_the_input_is_declared_trace_partitioned()
    {
        using var output = new StringWriter();
        var bench = new ThroughputBench(new ThroughputBenchOptions { Spans = 2_000, Partitions = 2, TracePartitioned = true, Guarantee = "at_least_once" }, output, NullLoggerFactory.Instance);

        var result = await bench.RunAsync(CancellationToken.None);

        // Every synthetic record holds whole traces, so skipping the spans-by-trace hop loses no edge and no span.
        Assert.Equal(2_002, result.Spans);
        Assert.StartsWith("throughput at_least_once trace-partitioned: ", result.Summary(), StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(output.ToString(), @"spans through the hop \(sent, processed\): 0, 0;").Count);
    }

    [Fact]
    public void Client_config_reaches_the_worker_consumers_over_the_worker_defaults()
    {
        var options = new ThroughputBenchOptions { ClientConfig = new Dictionary<string, string> { ["fetch.queue.backoff.ms"] = "1000" } };
        var bench = new ThroughputBench(options, TextWriter.Null, NullLoggerFactory.Instance);

        var config = KafkaWorker.CreateConfig(bench.WorkerOptions("127.0.0.1:9092", Path.GetTempPath()), NullLoggerFactory.Instance);

        Assert.Equal(1000, config.ToConsumerConfig("main").FetchQueueBackoffMs);
        Assert.Equal(1000, config.ToRestoreConsumerConfig("restore").FetchQueueBackoffMs);
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
