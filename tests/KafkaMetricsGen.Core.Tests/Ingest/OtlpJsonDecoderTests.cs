using System.Text;
using Google.Protobuf;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Core.Ingest;

public class OtlpJsonDecoderTests
{
    // The OTLP/JSON example of the OpenTelemetry specification, trimmed: hex ids, enum numbers, int64 as strings.
    private const string OtlpJson = """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
         "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},
          "spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173",
           "name":"I'm a server span","startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
           "kind":2,"traceState":"a=b","status":{"code":2,"message":"failed"},
           "attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}],
           "events":[{"name":"e","timeUnixNano":"1544712660500000000"}],"unknownField":{"x":[1,2]}}]}]}]}
        """;

    private readonly OtlpJsonDecoder _decoder = new();
    private readonly SpanBatch _batch = new();

    public static TheoryData<string, int> FixtureSpanCounts => new()
    {
        { "trace-with-both-db-attributes.json", 19 },
        { "trace-with-db-namespace.json", 19 },
        { "trace-with-db-system-and-system-name.json", 19 },
        { "trace-with-db-system-name.json", 19 },
        { "trace-with-expired-edges.json", 5 },
        { "trace-with-failed-requests.json", 15 },
        { "trace-with-queue-database.json", 19 },
        { "trace-with-queue-database2.json", 19 },
        { "trace-with-queue-database3.json", 19 },
        { "trace-with-queue-database4.json", 19 },
        { "trace-with-queue-database5.json", 19 },
        { "trace-with-virtual-nodes.json", 3 },
        { "trace-without-database-name.json", 19 },
    };

    [Theory]
    [MemberData(nameof(FixtureSpanCounts))]
    public void Loads_a_Tempo_fixture_with_its_span_count_and_the_reference_content(string fixture, int spans)
    {
        var json = Encoding.UTF8.GetBytes(TempoFixtures.Json(fixture));

        var result = _decoder.Decode(default, json, _batch);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(spans, _batch.SpanCount);
        SpanBatchAssert.SameContent(SpanBatchFactory.From(TempoFixtures.Load(fixture)), _batch);
    }

    [Fact]
    public void Reads_OTLP_JSON_with_hex_ids_enum_numbers_and_64_bit_integers_as_strings_or_numbers()
    {
        Decode(OtlpJson);

        var span = _batch.Span(0);
        Assert.Equal("5b8efff798038103d269b633813fc60c", span.TraceId.ToHex());
        Assert.Equal("eee19b7ec3c1b174", span.SpanId.ToHex());
        Assert.Equal("eee19b7ec3c1b173", span.ParentSpanId.ToHex());
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal((StatusCode.Error, "failed"), (span.StatusCode, _batch.String(span.StatusMessage)));
        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(1544712661000000000UL, span.EndTimeUnixNano);
        Assert.Equal("a=b", _batch.String(span.TraceState));
        Assert.Equal("my.service", _batch.String(_batch.ResourceAttributes(0)[0].Value));
        Assert.Equal("some value", _batch.String(_batch.SpanAttributes(span)[0].Value));
    }

    [Fact]
    public void Accepts_snake_case_names_enum_names_and_the_batches_key()
    {
        var snake = OtlpJson.Replace("resourceSpans", "batches", StringComparison.Ordinal)
            .Replace("scopeSpans", "scope_spans", StringComparison.Ordinal)
            .Replace("traceId", "trace_id", StringComparison.Ordinal)
            .Replace("parentSpanId", "parent_span_id", StringComparison.Ordinal)
            .Replace("startTimeUnixNano", "start_time_unix_nano", StringComparison.Ordinal)
            .Replace("\"kind\":2", "\"kind\":\"SPAN_KIND_SERVER\"", StringComparison.Ordinal)
            .Replace("\"code\":2", "\"code\":\"STATUS_CODE_ERROR\"", StringComparison.Ordinal);
        var expected = new SpanBatch();
        Assert.True(new OtlpJsonDecoder().Decode(default, Encoding.UTF8.GetBytes(OtlpJson), expected).Success);

        Decode(snake);

        SpanBatchAssert.SameContent(expected, _batch);
    }

    [Fact]
    public void Reads_every_attribute_value_kind()
    {
        Decode("""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AAECAwQFBgcICQoLDA0ODw==","spanId":"AAECAwQFBgc=","attributes":[
             {"key":"s","value":{"stringValue":"text"}},
             {"key":"b","value":{"boolValue":true}},
             {"key":"i","value":{"intValue":"-9223372036854775808"}},
             {"key":"j","value":{"intValue":42}},
             {"key":"d","value":{"doubleValue":0.5}},
             {"key":"n","value":{"doubleValue":"NaN"}},
             {"key":"a","value":{"arrayValue":{"values":[{"stringValue":"x"},{"intValue":"1"}]}}},
             {"key":"k","value":{"kvlistValue":{"values":[{"key":"q","value":{"boolValue":false}}]}}},
             {"key":"y","value":{"bytesValue":"AQID"}},
             {"key":"e","value":{}},
             {"key":"z"}]}]}]}]}
            """);

        var a = _batch.SpanAttributes(_batch.Span(0));
        Assert.Equal("000102030405060708090a0b0c0d0e0f", _batch.Span(0).TraceId.ToHex());
        Assert.Equal((AnyValueKind.String, "text"), (a[0].Kind, _batch.String(a[0].Value)));
        Assert.Equal((AnyValueKind.Bool, true), (a[1].Kind, a[1].Bool));
        Assert.Equal((AnyValueKind.Int, long.MinValue), (a[2].Kind, a[2].Int));
        Assert.Equal((AnyValueKind.Int, 42L), (a[3].Kind, a[3].Int));
        Assert.Equal((AnyValueKind.Double, 0.5), (a[4].Kind, a[4].Double));
        Assert.True(double.IsNaN(a[5].Double));
        Assert.Equal((AnyValueKind.Array, "[x1]"), (a[6].Kind, AttributeText.ToLabelValue(_batch, a[6])));
        Assert.Equal((AnyValueKind.KeyValueList, "{q:false}"), (a[7].Kind, AttributeText.ToLabelValue(_batch, a[7])));
        Assert.Equal(AnyValueKind.Bytes, a[8].Kind);
        Assert.Equal(new byte[] { 1, 2, 3 }, _batch.Bytes(a[8].Value).ToArray());
        Assert.Equal(AnyValueKind.Empty, a[9].Kind);
        Assert.Equal(AnyValueKind.Empty, a[10].Kind);
    }

    [Fact]
    public void Gives_the_reference_content_for_random_traces_in_protobuf_JSON()
    {
        var random = new RandomTraces(seed: 31337);
        for (var i = 0; i < 100; i++)
        {
            var traces = random.Next();
            var json = JsonFormatter.Default.Format(traces);

            var result = _decoder.Decode(default, Encoding.UTF8.GetBytes(json), _batch);

            Assert.True(result.Success, result + " in " + json);
            SpanBatchAssert.SameContent(SpanBatchFactory.From(traces), _batch);
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"resourceSpans\":{}}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":5}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_SIDEWAYS\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"-1\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not base64!\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"b\",\"value\":{\"boolValue\":1}}]}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"AAEC\"")]
    public void Fails_with_bad_json(string json) => AssertFails(DecodeFailureReasons.BadJson, json);

    [Fact]
    public void Fails_with_bad_id_length_on_a_short_id()
    {
        AssertFails(DecodeFailureReasons.BadIdLength, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"abcd\",\"spanId\":\"EEE19B7EC3C1B174\"}]}]}]}");
    }

    [Fact]
    public void Fails_with_bad_json_on_nesting_deeper_than_the_limit()
    {
        var json = new StringBuilder("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"a\",\"value\":");
        for (var i = 0; i < OtlpJsonDecoder.MaxDepth; i++)
        {
            json.Append("{\"arrayValue\":{\"values\":[");
        }

        AssertFails(DecodeFailureReasons.BadJson, json.ToString());
    }

    private void Decode(string json)
    {
        var result = _decoder.Decode(default, Encoding.UTF8.GetBytes(json), _batch);
        Assert.True(result.Success, result.ToString());
    }

    private void AssertFails(string reason, string json)
    {
        _decoder.Decode(default, Encoding.UTF8.GetBytes(OtlpJson), _batch);

        var result = _decoder.Decode(default, Encoding.UTF8.GetBytes(json), _batch);

        Assert.Equal(reason, result.FailureReason);
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Equal((0, 0), (_batch.ResourceCount, _batch.SpanCount));
    }
}
