using System.Text;
using Google.Protobuf;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.Wire.Tempo;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

public class PushBytesDecoderTests
{
    private static readonly byte[] Tenant = Encoding.UTF8.GetBytes("team-a");

    private readonly PushBytesDecoder _decoder = new();
    private readonly SpanBatch _batch = new();

    [Fact]
    public void Reads_the_tenant_from_the_key_and_every_trace_of_the_request()
    {
        var first = OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan());
        var second = OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan(), OtlpProtoDecoderTests.FullSpan());
        second.ResourceSpans[0].ScopeSpans[0].Spans[1].Name = "second";
        var request = new PushBytesRequest { Traces = { first.ToByteString(), second.ToByteString() }, Ids = { ByteString.CopyFrom(new byte[16]) } };

        var result = _decoder.Decode(Tenant, request.ToByteArray(), _batch);

        Assert.True(result.Success, result.ToString());
        Assert.Equal("team-a", _batch.Tenant);
        Assert.False(_batch.SkipMetricsGeneration);
        Assert.Equal(2, _batch.ResourceCount);
        Assert.Equal(3, _batch.SpanCount);
        Assert.Equal(1, _batch.Span(2).ResourceIndex);
        Assert.Equal("second", _batch.String(_batch.Span(2).Name));
        Assert.Equal("svc", _batch.String(_batch.ResourceAttributes(1)[0].Value));
    }

    [Fact]
    public void Gives_the_same_content_as_the_reference_path_for_each_trace()
    {
        var random = new RandomTraces(seed: 99);
        var traces = new[] { random.Next(), random.Next(), random.Next() };
        var request = new PushBytesRequest();
        var expected = new SpanBatch();
        foreach (var t in traces)
        {
            request.Traces.Add(t.ToByteString());
            OtlpMessageConverter.Append(expected, t);
        }

        Assert.True(_decoder.Decode(Tenant, request.ToByteArray(), _batch).Success);

        SpanBatchAssert.SameContent(expected, _batch);
    }

    [Fact]
    public void Reads_the_skip_metrics_generation_flag()
    {
        var request = new PushBytesRequest { SkipMetricsGeneration = true, Traces = { OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan()).ToByteString() } };

        Assert.True(_decoder.Decode(Tenant, request.ToByteArray(), _batch).Success);

        Assert.True(_batch.SkipMetricsGeneration);
        Assert.Equal(1, _batch.SpanCount);
    }

    [Fact]
    public void Fails_with_missing_tenant_when_the_key_is_empty()
    {
        var request = new PushBytesRequest { Traces = { OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan()).ToByteString() } };

        var result = _decoder.Decode(default, request.ToByteArray(), _batch);

        Assert.Equal(DecodeFailureReasons.MissingTenant, result.FailureReason);
        Assert.Equal(0, _batch.SpanCount);
    }

    [Fact]
    public void Fails_and_leaves_the_batch_empty_when_a_later_trace_is_bad()
    {
        var bad = OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan());
        bad.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId = ByteString.CopyFrom(1, 2, 3);
        var request = new PushBytesRequest { Traces = { OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan()).ToByteString(), bad.ToByteString() } };

        var result = _decoder.Decode(Tenant, request.ToByteArray(), _batch);

        Assert.Equal(DecodeFailureReasons.BadIdLength, result.FailureReason);
        Assert.Equal((0, 0, string.Empty), (_batch.SpanCount, _batch.ResourceCount, _batch.Tenant));
    }

    [Fact]
    public void Fails_with_wrong_wire_type_when_the_flag_is_not_a_varint()
    {
        var value = Wire.Build(o =>
        {
            o.WriteTag(5, WireFormat.WireType.LengthDelimited);
            o.WriteString("yes");
        });

        Assert.Equal(DecodeFailureReasons.WrongWireType, _decoder.Decode(Tenant, value, _batch).FailureReason);
    }

    [Fact]
    public void Fails_with_truncated_when_the_request_is_cut()
    {
        var request = new PushBytesRequest { Traces = { OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan()).ToByteString() } }.ToByteArray();

        Assert.Equal(DecodeFailureReasons.Truncated, _decoder.Decode(Tenant, request.AsSpan(0, request.Length - 3), _batch).FailureReason);
    }

    [Fact]
    public void Accepts_a_tempo_trace_message_as_the_trace_bytes()
    {
        var traces = OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan());
        var trace = new Trace { ResourceSpans = { traces.ResourceSpans } };
        var request = new PushBytesRequest { Traces = { trace.ToByteString() } };

        Assert.True(_decoder.Decode(Tenant, request.ToByteArray(), _batch).Success);

        Assert.Equal(1, _batch.SpanCount);
    }

    [Fact]
    public void Allocates_nothing_once_warm()
    {
        var request = new PushBytesRequest { Traces = { OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan(), OtlpProtoDecoderTests.FullSpan()).ToByteString() } }.ToByteArray();
        _decoder.Decode(Tenant, request, _batch);
        Assert.Equal(0, Allocations.Least(() => _decoder.Decode(Tenant, request, _batch)));
    }
}
