using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Broker;

[Collection(KafkaCollection.Name)]
public sealed class ConsumerGroupRoundTripTests(KafkaFixture kafka)
{
    private const string CodecHeader = "codec";
    private static readonly string[] AllCodecs = [.. SpanBatchDecoders.Names];

    [Fact]
    public void Records_of_every_codec_round_trip_and_a_restarted_group_member_resumes_from_the_committed_offsets()
    {
        var topic = kafka.CreateUniqueTopic("roundtrip", 4);
        var group = KafkaFixture.UniqueName("roundtrip-group");
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();
        var first = ProduceAll(producer, topic, firstTrace: 0, perCodec: 3);

        var seen = ConsumeAndCommit(group, topic, expected: first.Count);
        Assert.Equal(first.Order(), seen.Select(r => r.TraceHex).Order());
        Assert.All(seen, r => Assert.Equal(2, r.Spans));
        Assert.Equal(AllCodecs.Order(), seen.Select(r => r.Codec).Distinct().Order());
        Assert.All(seen.Where(r => r.Codec is Codecs.PushBytes or Codecs.TempoOtlp), r => Assert.Equal("tenant-a", r.Tenant));

        var second = ProduceAll(producer, topic, firstTrace: 100, perCodec: 1);
        var resumed = ConsumeAndCommit(group, topic, expected: second.Count);
        Assert.Equal(second.Order(), resumed.Select(r => r.TraceHex).Order());
    }

    private List<string> ProduceAll(IProducer<byte[], byte[]> producer, string topic, int firstTrace, int perCodec)
    {
        var traceIds = new List<string>();
        var n = firstTrace;
        foreach (var codec in AllCodecs)
        {
            for (var i = 0; i < perCodec; i++, n++)
            {
                var traces = TwoSpanTrace(n);
                var traceId = traces.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId;
                traceIds.Add(Convert.ToHexStringLower(traceId.Span));
                producer.Produce(topic, new Message<byte[], byte[]>
                {
                    Key = codec is Codecs.PushBytes or Codecs.TempoOtlp ? Encoding.UTF8.GetBytes("tenant-a") : traceId.ToByteArray(),
                    Value = SyntheticRecordEncoder.Encode(traces, codec),
                    Headers = [new Header(CodecHeader, Encoding.UTF8.GetBytes(codec))],
                });
            }
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        return traceIds;
    }

    private List<Decoded> ConsumeAndCommit(string group, string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(group)).Build();
        consumer.Subscribe(topic);
        var decoded = new List<Decoded>();
        var deadline = DateTime.UtcNow.AddSeconds(30);

        // Keep polling briefly after the expected count so a member that re-reads old records is caught.
        var quietUntil = DateTime.MaxValue;
        while (DateTime.UtcNow < deadline && DateTime.UtcNow < quietUntil)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                continue;
            }

            var codec = Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(CodecHeader));
            var batch = new SpanBatch();
            var result = SpanBatchDecoders.Create(codec).Decode(record.Message.Key, record.Message.Value, batch);
            Assert.True(result.Success, result.ToString());
            decoded.Add(new Decoded(codec, batch.Tenant, batch.Span(0).TraceId.ToHex(), batch.SpanCount));
            consumer.Commit(record);
            if (decoded.Count == expected)
            {
                quietUntil = DateTime.UtcNow.AddSeconds(1);
            }
        }

        consumer.Close();
        Assert.Equal(expected, decoded.Count);
        return decoded;
    }

    private static TracesData TwoSpanTrace(int n)
    {
        var traceId = new byte[16];
        BitConverter.TryWriteBytes(traceId.AsSpan(8), (long)n + 1);
        var root = new Span
        {
            TraceId = ByteString.CopyFrom(traceId),
            SpanId = ByteString.CopyFrom(1, 0, 0, 0, 0, 0, 0, (byte)n),
            Name = "GET /",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1_700_000_000_000_000_000,
            EndTimeUnixNano = 1_700_000_000_500_000_000,
        };
        var child = root.Clone();
        child.SpanId = ByteString.CopyFrom(2, 0, 0, 0, 0, 0, 0, (byte)n);
        child.ParentSpanId = root.SpanId;
        child.Kind = Span.Types.SpanKind.Client;
        var resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "shop" } } } };
        return new TracesData { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { new ScopeSpans { Spans = { root, child } } } } } };
    }

    private sealed record Decoded(string Codec, string Tenant, string TraceHex, int Spans);
}
