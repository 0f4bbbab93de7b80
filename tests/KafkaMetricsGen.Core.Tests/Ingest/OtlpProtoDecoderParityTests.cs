using Google.Protobuf;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>The byte walker against the reference path: Google.Protobuf parse, then <see cref="OtlpMessageConverter"/>.</summary>
public class OtlpProtoDecoderParityTests
{
    public static TheoryData<string> Fixtures => new(TempoFixtures.All);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decodes_a_Tempo_fixture_exactly_like_the_reference_path(string fixture)
    {
        var bytes = TempoFixtures.Load(fixture).ToByteArray();

        AssertParity(bytes);
    }

    [Fact]
    public void Decodes_random_valid_traces_exactly_like_the_reference_path()
    {
        var random = new RandomTraces(seed: 20240601);
        var spans = 0;
        for (var i = 0; i < 300; i++)
        {
            var bytes = random.Next().ToByteArray();
            spans += AssertParity(bytes);
        }

        Assert.True(spans > 1000, $"only {spans} spans generated");
    }

    [Fact]
    public void Decodes_the_same_request_into_a_reused_batch_each_time()
    {
        var decoder = new OtlpProtoDecoder();
        var batch = new SpanBatch();
        var random = new RandomTraces(seed: 7);
        var first = random.Next().ToByteArray();
        decoder.Decode(default, first, batch);
        decoder.Decode(default, random.Next().ToByteArray(), batch);

        AssertParity(first, batch, decoder);
    }

    private static int AssertParity(byte[] bytes) => AssertParity(bytes, new SpanBatch(), new OtlpProtoDecoder());

    private static int AssertParity(byte[] bytes, SpanBatch actual, OtlpProtoDecoder decoder)
    {
        var expected = new SpanBatch();
        Assert.True(OtlpMessageConverter.Append(expected, TracesData.Parser.ParseFrom(bytes)).Success);

        var result = decoder.Decode(default, bytes, actual);

        Assert.True(result.Success, result.ToString());
        SpanBatchAssert.SameContent(expected, actual);
        return actual.SpanCount;
    }
}
