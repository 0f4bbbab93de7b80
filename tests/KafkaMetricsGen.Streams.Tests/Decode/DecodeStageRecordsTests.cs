using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Ingest;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// Every record of an input topic is either decoded or dead-lettered and counted, through the real topology on the
/// embedded broker: keyless records (which Streamiz would skip before a stateful stage) and one record per failure reason.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class DecodeStageRecordsTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 4;
    private const int Traces = 10;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-state-").FullName;

    [Fact]
    public async Task Keyless_records_of_every_codec_are_counted_as_the_same_records_with_a_key()
    {
        var proto = new InputTopic(kafka.CreateUniqueTopic("keyless-proto", Partitions), Codecs.OtlpProto);
        var json = new InputTopic(kafka.CreateUniqueTopic("keyless-json", Partitions), Codecs.OtlpJson);
        var push = new InputTopic(kafka.CreateUniqueTopic("keyless-push", Partitions), Codecs.PushBytes);
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            // Each trace twice: once with a key, once without. OTLP records name their tenant in the header; a keyless
            // push-bytes record belongs to the default tenant, like the keyed ones here.
            ProduceTwice(producer, proto.Name, Codecs.OtlpProto, "tenant-proto", now, seed: 1);
            ProduceTwice(producer, json.Name, Codecs.OtlpJson, "tenant-json", now, seed: 2);
            ProduceTwice(producer, push.Name, Codecs.PushBytes, DecodeDefaults.DefaultTenant, now, seed: 3);
            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([proto, json, push], Partitions, WorkerHarness.FastConfig(), sink);
        const int expected = 2 * Traces * SyntheticTraceDefaults.SpansPerTrace;
        string[] tenants = ["tenant-proto", "tenant-json", DecodeDefaults.DefaultTenant];
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir), topology))
        {
            var done = await WorkerHarness.WaitUntilAsync(() => tenants.All(t => Calls(sink, t) >= expected), TimeSpan.FromSeconds(90));
            Assert.True(done, string.Join(", ", tenants.Select(t => $"{t}={Calls(sink, t)}")));
        }

        Assert.All(tenants, t => Assert.Equal(expected, Calls(sink, t)));
    }

    [Fact]
    public async Task Every_undecodable_record_is_dead_lettered_and_counted_by_reason_and_tenant()
    {
        var proto = new InputTopic(kafka.CreateUniqueTopic("reasons-proto", Partitions), Codecs.OtlpProto);
        var json = new InputTopic(kafka.CreateUniqueTopic("reasons-json", Partitions), Codecs.OtlpJson);
        var push = new InputTopic(kafka.CreateUniqueTopic("reasons-push", Partitions), Codecs.PushBytes);
        var tenant = KafkaFixture.UniqueName("dead");
        var badId = new TracesData();
        badId.ResourceSpans.Add(new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { new Span { TraceId = ByteString.CopyFrom(1, 2, 3), SpanId = ByteString.CopyFrom(new byte[8]), Name = "x" } } } } });
        // Longer than a padded array's smallest size: its dead-letter copy must be as long as it came, no padding.
        var longTruncated = new byte[StreamThreadConsumer.MinReusedBytes + 3_000];
        longTruncated.AsSpan().Fill(0x01);
        longTruncated[0] = 0x0A;
        longTruncated[1] = 0xB0;
        longTruncated[2] = 0xEA;
        longTruncated[3] = 0x07;
        Assert.NotEqual(longTruncated.Length, StreamThreadConsumer.PaddedLength(longTruncated.Length));
        var valid = SyntheticRecordEncoder.Encode(new SyntheticTraceGenerator().Generate(1, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL), Codecs.PushBytes);
        (InputTopic Topic, byte[]? Key, byte[] Value, string Reason)[] records =
        [
            (proto, [1], [0x0A, 0x05, 0x01], DecodeFailureReasons.Truncated),
            (proto, null, [0x0A, 0x05, 0x01], DecodeFailureReasons.Truncated),
            (proto, [2], longTruncated, DecodeFailureReasons.Truncated),
            (proto, [1], [0x08, 0x01], DecodeFailureReasons.WrongWireType),
            (proto, [1], [0x0F], DecodeFailureReasons.InvalidMessage),
            (proto, [1], badId.ToByteArray(), DecodeFailureReasons.BadIdLength),
            (json, [1], "{"u8.ToArray(), DecodeFailureReasons.BadJson),
            (push, [], valid, DecodeFailureReasons.MissingTenant),
        ];
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            foreach (var (topic, key, value, _) in records)
            {
                producer.Produce(topic.Name, new Message<byte[], byte[]> { Key = key!, Value = value, Headers = [new Header(DecodeDefaults.TenantHeader, Encoding.UTF8.GetBytes(tenant))] });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var expected = records.GroupBy(r => (r.Topic.Name, r.Reason)).ToDictionary(g => g.Key, g => g.Count());
        double Counted((string Topic, string Reason) k) => DecodeMetrics.DeadLetterRecords.WithLabels(k.Topic, k.Reason, tenant).Value;
        var topology = WorkerHarness.Topology([proto, json, push], Partitions, WorkerHarness.FastConfig(), new LatestValuesSink());
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir), topology))
        {
            var done = await WorkerHarness.WaitUntilAsync(() => expected.All(e => Counted(e.Key) >= e.Value), TimeSpan.FromSeconds(90));
            Assert.True(done, string.Join(", ", expected.Select(e => $"{e.Key}={Counted(e.Key)}")));
        }

        Assert.All(expected, e => Assert.Equal(e.Value, Counted(e.Key)));

        // The dead-letter topics hold every record as it came: the keyless one stays keyless.
        var dead = new List<ConsumeResult<byte[], byte[]>>();
        using (var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("dlq"))).Build())
        {
            consumer.Subscribe([proto.DeadLetterTopic, json.DeadLetterTopic, push.DeadLetterTopic]);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (dead.Count < records.Length && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromSeconds(1)) is { } r)
                {
                    dead.Add(r);
                }
            }
        }

        Assert.Equal(records.Length, dead.Count);
        Assert.Single(dead, r => r.Message.Key is null);
        Assert.Equal(records.Select(r => r.Value.Length).Order(), dead.Select(r => r.Message.Value.Length).Order());
        Assert.Single(dead, r => r.Message.Value.AsSpan().SequenceEqual(longTruncated));
        Assert.All(dead, r => Assert.Equal(tenant, Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(DecodeDefaults.TenantHeader))));
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    private static void ProduceTwice(IProducer<byte[], byte[]> producer, string topic, string codec, string tenant, ulong endUnixNano, int seed)
    {
        var generator = new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = seed });
        for (var i = 0; i < Traces; i++)
        {
            var traces = generator.Generate(1, endUnixNano);
            var value = SyntheticRecordEncoder.Encode(traces, codec);
            var key = codec == Codecs.PushBytes ? Encoding.UTF8.GetBytes(tenant) : traces.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId.ToByteArray();
            Headers? headers = codec == Codecs.PushBytes ? null : [new Header(DecodeDefaults.TenantHeader, Encoding.UTF8.GetBytes(tenant))];
            producer.Produce(topic, new Message<byte[], byte[]> { Key = key, Value = value, Headers = headers });
            producer.Produce(topic, new Message<byte[], byte[]> { Key = null!, Value = value, Headers = headers });
        }
    }

    private static double Calls(LatestValuesSink sink, string tenant) =>
        sink.Samples(tenant).Where(s => s.Metric == "traces_spanmetrics_calls_total").Sum(s => s.Value);
}
