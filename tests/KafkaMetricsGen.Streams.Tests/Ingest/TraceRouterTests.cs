using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Ingest;

public sealed class TraceRouterTests
{
    [Fact]
    public void Takes_the_tenant_from_the_record_key_for_push_bytes()
    {
        var outputs = Route(Codecs.PushBytes, "from-key"u8.ToArray(), new Headers { { IngestDefaults.TenantHeader, "from-header"u8.ToArray() } });

        Assert.All(outputs, o => Assert.Equal("from-key", TraceRouteKey.ReadTenant(o.Key)));
    }

    [Fact]
    public void Takes_the_tenant_from_the_topic_header_for_OTLP_and_falls_back_to_the_default_tenant()
    {
        var withHeader = Route(Codecs.OtlpJson, null, new Headers { { "tenant", "t1"u8.ToArray() } }, tenantHeader: "tenant");
        var withEmptyHeader = Route(Codecs.OtlpProto, null, new Headers { { "tenant", [] } }, tenantHeader: "tenant");

        Assert.All(withHeader, o => Assert.Equal("t1", TraceRouteKey.ReadTenant(o.Key)));
        Assert.All(withEmptyHeader, o => Assert.Equal(IngestDefaults.DefaultTenant, TraceRouteKey.ReadTenant(o.Key)));
    }

    [Fact]
    public void Writes_one_sub_batch_per_partition_holding_every_span_exactly_once()
    {
        var outputs = Route(Codecs.OtlpProto, null, null, partitions: 3);

        Assert.Equal(outputs.Count, outputs.Select(o => TraceRouteKey.ReadBucket(o.Key)).Distinct().Count());
        var total = 0;
        foreach (var o in outputs)
        {
            var batch = new SpanBatch();
            Assert.True(SpanBatchCodec.Decode(o.Value, SpanBatchDecoders.Create(Codecs.OtlpProto), batch).Success);
            Assert.All(batch.Spans.ToArray(), s => Assert.Equal(TraceRouteKey.ReadBucket(o.Key), TraceRouteKey.Bucket(s.TraceId, 3)));
            Assert.Equal(1234, batch.RecordTimeUnixMs);
            total += batch.SpanCount;
        }

        Assert.Equal(3, total);
    }

    [Fact]
    public void Counts_an_undecodable_record_and_returns_it_unchanged_for_the_dead_letter_topic()
    {
        var topic = KafkaMetricsGen.TestKit.Kafka.KafkaFixture.UniqueName("router-dlq");
        var router = new TraceRouter(new InputTopicOptions { Name = topic, Codec = Codecs.OtlpJson }, Options(topic), SpanBatchDecoders.Create(Codecs.OtlpJson));
        var outputs = new List<RoutedRecord>();

        router.Route([1], "{not json"u8.ToArray(), null, 0, outputs);

        var dead = Assert.Single(outputs);
        Assert.Equal(DecodeFailureReasons.BadJson, dead.FailureReason);
        Assert.Equal("{not json"u8.ToArray(), dead.Value);
        Assert.Equal([1], dead.Key);
        Assert.Equal(1, IngestMetrics.DeadLetterRecords.WithLabels(topic, DecodeFailureReasons.BadJson).Value);
    }

    [Theory]
    [InlineData("", "otlp_proto", 8, "kafka.application_id")]
    [InlineData("app", "protobuf", 8, "kafka.topics[0].codec")]
    [InlineData("app", "otlp_proto", 0, "kafka.trace_partitions")]
    public void Rejects_invalid_options_naming_the_key(string applicationId, string codec, int partitions, string key)
    {
        var options = new IngestOptions { ApplicationId = applicationId, Topics = [new InputTopicOptions { Name = "in", Codec = codec }], TracePartitions = partitions };

        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith(key + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Treats_only_push_bytes_as_trace_partitioned_unless_told_otherwise()
    {
        Assert.True(new InputTopicOptions { Name = "a", Codec = Codecs.PushBytes }.IsTracePartitioned);
        Assert.False(new InputTopicOptions { Name = "a", Codec = Codecs.OtlpProto }.IsTracePartitioned);
        Assert.True(new InputTopicOptions { Name = "a", Codec = Codecs.OtlpProto, TracePartitioned = true }.IsTracePartitioned);
    }

    private static IngestOptions Options(string topic, int partitions = IngestDefaults.TracePartitions) => new()
    {
        ApplicationId = "app",
        Topics = [new InputTopicOptions { Name = topic, Codec = Codecs.OtlpProto }],
        TracePartitions = partitions,
    };

    private static List<RoutedRecord> Route(string codec, byte[]? key, Headers? headers, string? tenantHeader = null, int partitions = IngestDefaults.TracePartitions)
    {
        var topic = new InputTopicOptions { Name = "in", Codec = codec, TenantHeader = tenantHeader };
        var router = new TraceRouter(topic, Options("in", partitions), SpanBatchDecoders.Create(codec));
        var outputs = new List<RoutedRecord>();
        router.Route(key, SyntheticRecordEncoder.Encode(SpanBatchCodecTests.SampleTraces(), codec), headers, 1234, outputs);
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.False(o.IsDeadLetter, o.FailureDetail));
        return outputs;
    }
}
