using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Trace.V1;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Ingest;

[Collection(KafkaCollection.Name)]
public sealed class IngestTopologyTests(KafkaFixture kafka)
{
    private const int TracePartitions = 4;

    [Fact]
    public async Task Sends_garbage_to_the_dead_letter_topic_and_splits_valid_batches_by_trace()
    {
        var input = kafka.CreateUniqueTopic("ingest-in", 2);
        var options = new IngestOptions
        {
            ApplicationId = KafkaFixture.UniqueName("ingest-app"),
            Topics = [new InputTopicOptions { Name = input, Codec = Codecs.OtlpProto }],
            DeadLetterTopic = KafkaFixture.UniqueName("ingest-dlq"),
            TracePartitions = TracePartitions,
        };
        await kafka.Topics.EnsureTopicsAsync(IngestTopology.OutputTopics(options));

        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            Produce(producer, input, SyntheticRecordEncoder.Encode(ManyTraces(0, 6), Codecs.OtlpProto), new Headers { { "X-Scope-OrgID", "acme"u8.ToArray() } });
            Produce(producer, input, "not protobuf at all"u8.ToArray(), new Headers { { "origin", "test"u8.ToArray() } });
            Produce(producer, input, SyntheticRecordEncoder.Encode(ManyTraces(6, 6), Codecs.OtlpProto), null);
            Produce(producer, input, [0xff, 0xff, 0xff], null);
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        var builder = new StreamBuilder();
        var generateInputs = IngestTopology.Build(builder, options, SpanBatchDecoders.Create);
        Assert.Equal([IngestTopology.SpansByTraceTopic(options)], generateInputs);

        var config = new StreamConfig<ByteArraySerDes, ByteArraySerDes>
        {
            ApplicationId = options.ApplicationId,
            BootstrapServers = kafka.BootstrapServers,
            NumStreamThreads = 1,
            SessionTimeoutMs = KafkaTestDefaults.SessionTimeoutMs,
            HeartbeatIntervalMs = KafkaTestDefaults.HeartbeatIntervalMs,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            CommitIntervalMs = 100,
            StateDir = Path.Combine(Path.GetTempPath(), options.ApplicationId),
        };
        var stream = new KafkaStream(builder.Build(), config);
        try
        {
            await stream.StartAsync();

            var dead = ReadAll(options.DeadLetterTopic, 2);
            Assert.All(dead, r => Assert.Equal(ExpectedReason(r.Message.Value), Header(r, DeadLetterHeaders.Reason)));
            Assert.All(dead, r => Assert.False(string.IsNullOrEmpty(Header(r, DeadLetterHeaders.Detail))));
            Assert.Contains(dead, r => Header(r, "origin") == "test" && r.Message.Value.SequenceEqual("not protobuf at all"u8.ToArray()));
            Assert.Equal(2, dead.Select(r => ExpectedReason(r.Message.Value)).Distinct().Sum(reason => IngestMetrics.DeadLetterRecords.WithLabels(input, reason!).Value));

            var routed = ReadAll(IngestTopology.SpansByTraceTopic(options), minimum: 2, settle: true);
            var spansByTenant = new Dictionary<string, int>();
            var partitionOfTrace = new Dictionary<TraceId, int>();
            foreach (var r in routed)
            {
                var batch = new SpanBatch();
                Assert.True(SpanBatchCodec.Decode(r.Message.Value, SpanBatchDecoders.Create(Codecs.OtlpProto), batch).Success);
                Assert.Equal(r.Partition.Value, TraceRouteKey.ReadBucket(r.Message.Key));
                Assert.Equal(batch.Tenant, TraceRouteKey.ReadTenant(r.Message.Key));
                spansByTenant[batch.Tenant] = spansByTenant.GetValueOrDefault(batch.Tenant) + batch.SpanCount;
                foreach (var span in batch.Spans)
                {
                    Assert.Equal(r.Partition.Value, partitionOfTrace.GetValueOrDefault(span.TraceId, r.Partition.Value));
                    partitionOfTrace[span.TraceId] = r.Partition.Value;
                }
            }

            Assert.Equal(12, spansByTenant["acme"]);
            Assert.Equal(12, spansByTenant[IngestDefaults.DefaultTenant]);
            Assert.Equal(12, partitionOfTrace.Count);
            Assert.True(partitionOfTrace.Values.Distinct().Count() > 1, "12 random traces should not all land in one partition");
        }
        finally
        {
            stream.Dispose();
        }
    }

    private static string? ExpectedReason(byte[] value) =>
        SpanBatchDecoders.Create(Codecs.OtlpProto).Decode(default, value, new SpanBatch()).FailureReason;

    private static void Produce(IProducer<byte[], byte[]> producer, string topic, byte[] value, Headers? headers) =>
        producer.Produce(topic, new Message<byte[], byte[]> { Value = value, Headers = headers });

    private static string? Header(ConsumeResult<byte[], byte[]> r, string name) =>
        r.Message.Headers.TryGetLastBytes(name, out var b) ? Encoding.UTF8.GetString(b) : null;

    private List<ConsumeResult<byte[], byte[]>> ReadAll(string topic, int minimum, bool settle = false)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("reader"))).Build();
        consumer.Subscribe(topic);
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var quietUntil = DateTime.MaxValue;
        while (DateTime.UtcNow < deadline && DateTime.UtcNow < quietUntil)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is not null)
            {
                records.Add(r);
                if (records.Count >= minimum)
                {
                    quietUntil = settle ? DateTime.UtcNow.AddSeconds(2) : DateTime.MinValue;
                }
            }
        }

        consumer.Close();
        Assert.True(records.Count >= minimum, $"read {records.Count} records from {topic}, expected at least {minimum}");
        return records;
    }

    /// <summary>Two spans for each of <paramref name="count"/> traces with random-looking ids.</summary>
    private static TracesData ManyTraces(int first, int count)
    {
        var traces = new TracesData { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans() } } } };
        for (var n = first; n < first + count; n++)
        {
            var id = new byte[16];
            new Random(n).NextBytes(id);
            for (byte s = 1; s <= 2; s++)
            {
                traces.ResourceSpans[0].ScopeSpans[0].Spans.Add(new Span
                {
                    TraceId = ByteString.CopyFrom(id),
                    SpanId = ByteString.CopyFrom(s, 0, 0, 0, 0, 0, 0, (byte)n),
                    Name = "op",
                    StartTimeUnixNano = 1,
                    EndTimeUnixNano = 2,
                });
            }
        }

        return traces;
    }
}
