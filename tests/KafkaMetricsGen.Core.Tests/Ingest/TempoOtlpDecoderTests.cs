using System.Text;
using Google.Protobuf;

namespace KafkaMetricsGen.Core.Ingest;

public class TempoOtlpDecoderTests
{
    private readonly TempoOtlpDecoder _decoder = new();
    private readonly SpanBatch _batch = new();

    [Fact]
    public void Reads_the_tenant_from_the_key_and_the_trace_from_the_value()
    {
        var trace = OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan(), OtlpProtoDecoderTests.FullSpan());

        var result = _decoder.Decode(Encoding.UTF8.GetBytes("team-a"), trace.ToByteArray(), _batch);

        Assert.True(result.Success, result.ToString());
        Assert.Equal("team-a", _batch.Tenant);
        Assert.Equal(2, _batch.SpanCount);
        Assert.Equal(Codecs.TempoOtlp, _decoder.Codec);
    }

    [Fact]
    public void A_record_without_a_key_fails_as_missing_tenant()
    {
        var trace = OtlpProtoDecoderTests.Traces(OtlpProtoDecoderTests.FullSpan());

        var result = _decoder.Decode([], trace.ToByteArray(), _batch);

        Assert.False(result.Success);
        Assert.Equal(DecodeFailureReasons.MissingTenant, result.FailureReason);
    }
}
