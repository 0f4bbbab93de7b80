using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// Records the input topic accepts but that do not fit one spans-by-trace record: split when their spans can be, else
/// dead-lettered (truncated, as the copy does not fit either); the stream goes on.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class LargeRecordsTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 4;
    private const int ProducerLimit = 1_000_000;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-state-").FullName;

    [Fact]
    public async Task A_record_at_the_input_limit_is_split_and_one_with_a_span_too_large_is_dead_lettered_truncated()
    {
        var input = new InputTopic(kafka.CreateUniqueTopic("large", Partitions), Codecs.OtlpProto);
        var tenant = KafkaFixture.UniqueName("large");
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
        const int manySpans = 100;
        var many = Trace(now, manySpans, attributeBytes: 9_850);
        // Only what service graphs read crosses the trace hop: the giant value is in an attribute they read (a peer).
        var giant = Trace(now, 1, attributeBytes: DecodeDefaults.MaxInternalRecordBytes + 20_000, key: "peer.service");
        Assert.InRange(many.Length, DecodeDefaults.MaxInternalRecordBytes, ProducerLimit - 1_000);
        Assert.InRange(giant.Length, DecodeDefaults.MaxInternalRecordBytes, ProducerLimit - 1_000);

        // The same span with the value in an attribute nothing by trace reads: what crosses fits, so it is counted.
        var trimmed = Trace(now, 1, attributeBytes: DecodeDefaults.MaxInternalRecordBytes + 20_000);
        const int earlierTraces = 200;
        const int laterTraces = 5;
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            var headers = new Headers { { DecodeDefaults.TenantHeader, Encoding.UTF8.GetBytes(tenant) } };
            var partition = new TopicPartition(input.Name, new Partition(0));
            var generator = new SyntheticTraceGenerator();

            // Small traces first, so the frames of every trace partition hold sub-batches when the large record comes.
            for (var i = 0; i < earlierTraces; i++)
            {
                producer.Produce(partition, new Message<byte[], byte[]> { Key = [0], Value = generator.Generate(1, now).ToByteArray(), Headers = headers });
            }

            producer.Produce(partition, new Message<byte[], byte[]> { Key = [1], Value = many, Headers = headers });
            producer.Produce(partition, new Message<byte[], byte[]> { Key = [2], Value = giant, Headers = headers });
            producer.Produce(partition, new Message<byte[], byte[]> { Key = [4], Value = trimmed, Headers = headers });
            for (var i = 0; i < laterTraces; i++)
            {
                producer.Produce(partition, new Message<byte[], byte[]> { Key = [3], Value = generator.Generate(1, now).ToByteArray(), Headers = headers });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([input], Partitions, WorkerHarness.FastConfig(), sink);
        const int expected = manySpans + 1 + ((earlierTraces + laterTraces) * SyntheticTraceDefaults.SpansPerTrace);
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir), topology))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, tenant) >= expected, TimeSpan.FromSeconds(90)), $"calls={Calls(sink, tenant)}");
        }

        Assert.Equal(expected, Calls(sink, tenant));
        Assert.Equal(1, DecodeMetrics.DeadLetterRecords.WithLabels(input.Name, DecodeFailureReasons.TooLarge, tenant).Value);
        Assert.Equal(1, DecodeMetrics.DeadLetterTruncated.WithLabels(input.Name, DecodeFailureReasons.TooLarge, tenant).Value);

        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("dlq"))).Build();
        consumer.Subscribe(input.DeadLetterTopic);
        var dead = consumer.Consume(TimeSpan.FromSeconds(30));
        Assert.NotNull(dead);
        Assert.Equal(DecodeFailureReasons.TooLarge, Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(StreamsNames.ErrorReasonHeader)));
        Assert.Equal(giant.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(StreamsNames.ErrorTruncatedFromHeader)));
        Assert.True(dead.Message.Value.Length < DecodeDefaults.MaxInternalRecordBytes, $"{dead.Message.Value.Length} bytes");
        Assert.Equal(giant.AsSpan(0, dead.Message.Value.Length).ToArray(), dead.Message.Value);
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    /// <summary>One trace of <paramref name="spans"/> server spans, each with an attribute <paramref name="key"/> of <paramref name="attributeBytes"/> bytes.</summary>
    private static byte[] Trace(ulong endUnixNano, int spans, int attributeBytes, string key = "blob")
    {
        var traceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
        var scope = new ScopeSpans();
        var blob = new string('x', attributeBytes);
        for (var i = 0; i < spans; i++)
        {
            var spanId = new byte[8];
            BitConverter.TryWriteBytes(spanId, i + 1L);
            var span = new Span
            {
                TraceId = traceId,
                SpanId = ByteString.CopyFrom(spanId),
                Name = "large",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = endUnixNano - 1_000_000,
                EndTimeUnixNano = endUnixNano,
            };
            span.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = blob } });
            scope.Spans.Add(span);
        }

        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "large-service" } });
        var data = new TracesData();
        data.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        return data.ToByteArray();
    }

    private static double Calls(LatestValuesSink sink, string tenant) =>
        sink.Samples(tenant).Where(s => s.Metric == "traces_spanmetrics_calls_total").Sum(s => s.Value);
}
