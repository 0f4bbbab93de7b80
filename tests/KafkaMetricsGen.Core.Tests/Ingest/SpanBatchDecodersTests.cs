namespace KafkaMetricsGen.Core.Ingest;

public class SpanBatchDecodersTests
{
    [Theory]
    [InlineData(Codecs.OtlpProto, typeof(OtlpProtoDecoder))]
    [InlineData(Codecs.OtlpJson, typeof(OtlpJsonDecoder))]
    [InlineData(Codecs.PushBytes, typeof(PushBytesDecoder))]
    [InlineData(Codecs.TempoOtlp, typeof(TempoOtlpDecoder))]
    public void Creates_the_decoder_of_each_codec(string codec, Type type)
    {
        var decoder = SpanBatchDecoders.Create(codec);

        Assert.IsType(type, decoder);
        Assert.Equal(codec, decoder.Codec);
    }

    [Fact]
    public void Rejects_an_unknown_codec_naming_the_allowed_values()
    {
        var error = Assert.Throws<ArgumentException>(() => SpanBatchDecoders.Create("zipkin"));

        Assert.Contains("otlp_proto, otlp_json, push-bytes, otlp", error.Message, StringComparison.Ordinal);
        Assert.Contains("'zipkin'", error.Message, StringComparison.Ordinal);
    }
}
