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

    [Fact]
    public void Decodes_a_lent_padded_array_in_place_like_a_copied_value()
    {
        var decoder = new OtlpProtoDecoder();
        var random = new RandomTraces(seed: 11);
        for (var i = 0; i < 50; i++)
        {
            var bytes = random.Next().ToByteArray();
            var padded = new byte[bytes.Length + 100];
            padded.AsSpan(bytes.Length).Fill(0xFF);
            bytes.CopyTo(padded, 0);
            var copied = new SpanBatch();
            var lent = new SpanBatch();

            Assert.True(decoder.Decode(default, bytes, copied).Success);
            Assert.True(((ISpanBatchDecoder)decoder).Decode(default, padded, bytes.Length, lent).Success);

            SpanBatchAssert.SameContent(copied, lent);
            Assert.Equal(bytes.Length, lent.Buffer.Length);
        }
    }

    [Fact]
    public void A_lent_buffer_is_copied_before_it_changes_and_let_go_at_reset()
    {
        var batch = new SpanBatch();
        var lent = "hello"u8.ToArray();
        batch.BorrowBuffer(lent, 4);
        var range = new ByteRange(0, 4);
        Assert.Equal("hell"u8.ToArray(), batch.Bytes(range).ToArray());

        var at = batch.AppendBuffer(" world"u8);
        lent.AsSpan().Fill(0);

        Assert.Equal(4, at);
        Assert.Equal("hell world"u8.ToArray(), batch.Buffer.ToArray());

        batch.BorrowBuffer(lent, 5);
        batch.Reset();
        Assert.True(batch.Buffer.IsEmpty);
        batch.SetBuffer("abc"u8);
        Assert.Equal("abc"u8.ToArray(), batch.Buffer.ToArray());
        Assert.Equal(0, lent[0]);
    }

    [Fact]
    public void Reads_events_and_links_written_before_the_span_attributes_like_the_reference_path()
    {
        var nested = new Span { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(new byte[8]) };
        nested.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = 5, Attributes = { Attribute("exception.message", "boom") } });
        nested.Links.Add(new Span.Types.Link { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(new byte[8]), Attributes = { Attribute("n", "1") } });
        var plain = new Span { Name = "op", Attributes = { Attribute("a", "x"), Attribute("b", "y") } };
        var scope = new OpenTelemetry.Proto.Common.V1.InstrumentationScope { Name = "lib", Version = "1", Attributes = { Attribute("s", "z") } };

        // A span whose events and links precede its attributes, in a ScopeSpans whose scope follows its spans.
        byte[] span = [.. nested.ToByteArray(), .. plain.ToByteArray()];
        var bytes = Field(1, Field(2, [.. Field(2, span), .. Field(1, scope.ToByteArray())]));

        AssertParity(bytes);
        var batch = new SpanBatch();
        new OtlpProtoDecoder().Decode(default, bytes, batch);
        Assert.Equal(2, batch.SpanAttributes(batch.Span(0)).Length);
        Assert.Equal("exception", batch.String(batch.SpanEvents(batch.Span(0))[0].Name));
        Assert.Equal("lib", batch.String(batch.Scope(batch.Span(0).ScopeIndex).Name));
    }

    private static OpenTelemetry.Proto.Common.V1.KeyValue Attribute(string key, string value) =>
        new() { Key = key, Value = new OpenTelemetry.Proto.Common.V1.AnyValue { StringValue = value } };

    private static byte[] Field(int number, byte[] body)
    {
        var output = new MemoryStream();
        var writer = new CodedOutputStream(output);
        writer.WriteTag(number, WireFormat.WireType.LengthDelimited);
        writer.WriteBytes(ByteString.CopyFrom(body));
        writer.Flush();
        return output.ToArray();
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
