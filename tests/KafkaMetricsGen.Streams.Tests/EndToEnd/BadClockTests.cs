using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.EndToEnd;

/// <summary>
/// Spans from bad clocks (year 2500, the epoch, 20 minutes late, ending before they start) on every input partition,
/// between good traces of two tenants, through the worker on the embedded broker: the good spans keep their totals
/// in every tenant, the far-future ones are counted as discarded and the others are written.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class BadClockTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 4;
    private const int TracesPerPhase = 6;
    private const string BadService = "bad-clock";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-bad-clock-").FullName;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task One_bad_clock_loses_no_span_of_any_tenant()
    {
        var topic = kafka.CreateUniqueTopic("bad-clock", Partitions);
        string[] tenants = [$"bad-clock-a-{_run}", $"bad-clock-b-{_run}"];
        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, WorkerHarness.FastConfig(), sink);
        var goodPerPhase = TracesPerPhase * SyntheticTraceDefaults.SpansPerTrace;
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("bad-clock"), _stateDir), topology))
        {
            // Good traces first, so every generate task has a watermark when the bad spans come.
            ProduceGood(producer, topic, tenants, seed: 1);
            Assert.True(await WorkerHarness.WaitUntilAsync(() => tenants.All(t => Calls(sink, t, good: true) == goodPerPhase), Timeout), Report(sink, tenants));

            var now = NowUnixNano();
            var year2500 = (ulong)new DateTimeOffset(2500, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000UL;
            var twentyMinutes = (ulong)TimeSpan.FromMinutes(20).Ticks * 100UL;
            for (var p = 0; p < Partitions; p++)
            {
                ProduceBad(producer, topic, p, tenants[0], "year-2500", year2500 - 1_000_000_000, year2500);
                ProduceBad(producer, topic, p, tenants[0], "epoch-0", 0, 0);
                ProduceBad(producer, topic, p, tenants[0], "late-20m", now - twentyMinutes - 1_000_000_000, now - twentyMinutes);
                ProduceBad(producer, topic, p, tenants[0], "negative-duration", now, now - 1_000_000_000);
            }

            producer.Flush(TimeSpan.FromSeconds(30));
            ProduceGood(producer, topic, tenants, seed: 2);
            Assert.True(
                await WorkerHarness.WaitUntilAsync(() => tenants.All(t => Calls(sink, t, good: true) == 2 * goodPerPhase) && Calls(sink, tenants[0], good: false) == 3 * Partitions, Timeout),
                Report(sink, tenants));
        }

        foreach (var tenant in tenants)
        {
            Assert.Equal(2 * goodPerPhase, Calls(sink, tenant, good: true));
        }

        Assert.Equal(0, Calls(sink, tenants[1], good: false));
        Assert.Equal(Partitions, SelfMetrics.SpansDiscarded.WithLabels(tenants[0], DiscardReasons.TooFarInFuture, SelfMetricLabels.AllProcessors).Value);
        foreach (var name in (string[])["epoch-0", "late-20m", "negative-duration"])
        {
            var series = sink.Samples(tenants[0]).Single(s => s.Metric == Guarantees.SinkTotals.Calls && s.Label("span_name") == name);
            Assert.Equal(Partitions, series.Value);
            Assert.False(series.Stale);
        }

        Assert.DoesNotContain(sink.Samples(tenants[0]), s => s.Label("span_name") == "year-2500");
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    private static double Calls(LatestValuesSink sink, string tenant, bool good) =>
        sink.Samples(tenant).Where(s => s.Metric == Guarantees.SinkTotals.Calls && (s.Label("service") == BadService) != good).Sum(s => s.Value);

    private static string Report(LatestValuesSink sink, string[] tenants) =>
        string.Join("\n", tenants.SelectMany(t => sink.Samples(t).Where(s => s.Metric == Guarantees.SinkTotals.Calls).Select(s => $"{t} {s.Label("service")} {s.Label("span_name")} {s.Value} {s.TimestampMs}")));

    private static void ProduceGood(IProducer<byte[], byte[]> producer, string topic, string[] tenants, int seed)
    {
        foreach (var tenant in tenants)
        {
            var traces = new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = seed }).Generate(TracesPerPhase, NowUnixNano());
            foreach (var resource in traces.ResourceSpans)
            {
                var single = new TracesData();
                single.ResourceSpans.Add(resource);
                Produce(producer, new TopicPartition(topic, Partition.Any), tenant, single);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    private static void ProduceBad(IProducer<byte[], byte[]> producer, string topic, int partition, string tenant, string name, ulong start, ulong end)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            SpanId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]),
            Name = name,
            Kind = Span.Types.SpanKind.Internal,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
        };
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = BadService } });
        var scope = new ScopeSpans();
        scope.Spans.Add(span);
        resource.ScopeSpans.Add(scope);
        var traces = new TracesData();
        traces.ResourceSpans.Add(resource);
        Produce(producer, new TopicPartition(topic, new Partition(partition)), tenant, traces);
    }

    private static void Produce(IProducer<byte[], byte[]> producer, TopicPartition partition, string tenant, TracesData traces) =>
        producer.Produce(partition, new Message<byte[], byte[]>
        {
            Key = Guid.NewGuid().ToByteArray(),
            Value = traces.ToByteArray(),
            Headers = new Headers { { DecodeDefaults.TenantHeader, Encoding.UTF8.GetBytes(tenant) } },
        });

    private static ulong NowUnixNano() => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100UL;
}
