using System.Text;
using Google.Protobuf;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

public class OtlpProtoDecoderTests
{
    private static readonly byte[] TraceIdBytes = Convert.FromHexString("0102030405060708090a0b0c0d0e0f10");
    private static readonly byte[] SpanIdBytes = Convert.FromHexString("1112131415161718");
    private static readonly byte[] ParentIdBytes = Convert.FromHexString("2122232425262728");

    private readonly OtlpProtoDecoder _decoder = new();
    private readonly SpanBatch _batch = new();

    [Fact]
    public void Reads_every_span_field()
    {
        var span = FullSpan();

        Decode(Traces(span));

        var s = _batch.Span(0);
        Assert.Equal(new TraceId(0x0102030405060708, 0x090a0b0c0d0e0f10), s.TraceId);
        Assert.Equal(new SpanId(0x1112131415161718), s.SpanId);
        Assert.Equal(new SpanId(0x2122232425262728), s.ParentSpanId);
        Assert.Equal("GET /users", _batch.String(s.Name));
        Assert.Equal(SpanKind.Server, s.Kind);
        Assert.Equal(StatusCode.Error, s.StatusCode);
        Assert.Equal("boom", _batch.String(s.StatusMessage));
        Assert.Equal("rojo=00f067aa0ba902b7", _batch.String(s.TraceState));
        Assert.Equal(1_000_000_000UL, s.StartTimeUnixNano);
        Assert.Equal(1_500_000_000UL, s.EndTimeUnixNano);
        Assert.Equal(span.CalculateSize(), s.EncodedSize);
        Assert.Equal(0, s.ResourceIndex);
        Assert.Equal("http.method", _batch.String(_batch.SpanAttributes(s)[0].Key));
    }

    [Fact]
    public void Reads_every_attribute_value_kind()
    {
        var span = FullSpan();
        span.Attributes.Clear();
        var array = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 2 } } };
        var list = new KeyValueList { Values = { new KeyValue { Key = "k", Value = new AnyValue { BoolValue = true } } } };
        span.Attributes.Add(Attribute("string", new AnyValue { StringValue = "text" }));
        span.Attributes.Add(Attribute("bool", new AnyValue { BoolValue = true }));
        span.Attributes.Add(Attribute("int", new AnyValue { IntValue = -42 }));
        span.Attributes.Add(Attribute("double", new AnyValue { DoubleValue = 0.25 }));
        span.Attributes.Add(Attribute("array", new AnyValue { ArrayValue = array }));
        span.Attributes.Add(Attribute("kvlist", new AnyValue { KvlistValue = list }));
        span.Attributes.Add(Attribute("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) }));
        span.Attributes.Add(Attribute("empty", new AnyValue()));
        span.Attributes.Add(new KeyValue { Key = "absent" });

        Decode(Traces(span));

        var a = _batch.SpanAttributes(_batch.Span(0));
        Assert.Equal(9, a.Length);
        Assert.Equal((AnyValueKind.String, "text"), (a[0].Kind, _batch.String(a[0].Value)));
        Assert.Equal((AnyValueKind.Bool, true), (a[1].Kind, a[1].Bool));
        Assert.Equal((AnyValueKind.Int, -42L), (a[2].Kind, a[2].Int));
        Assert.Equal((AnyValueKind.Double, 0.25), (a[3].Kind, a[3].Double));
        Assert.Equal(AnyValueKind.Array, a[4].Kind);
        Assert.Equal(array.ToByteArray(), _batch.Bytes(a[4].Value).ToArray());
        Assert.Equal("[a2]", AttributeText.ToLabelValue(_batch, a[4]));
        Assert.Equal(AnyValueKind.KeyValueList, a[5].Kind);
        Assert.Equal(list.ToByteArray(), _batch.Bytes(a[5].Value).ToArray());
        Assert.Equal("{k:true}", AttributeText.ToLabelValue(_batch, a[5]));
        Assert.Equal(AnyValueKind.Bytes, a[6].Kind);
        Assert.Equal(new byte[] { 1, 2, 3 }, _batch.Bytes(a[6].Value).ToArray());
        Assert.Equal(AnyValueKind.Empty, a[7].Kind);
        Assert.Equal(("absent", AnyValueKind.Empty), (_batch.String(a[8].Key), a[8].Kind));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(200, 1)]
    [InlineData(1, 300)]
    [InlineData(127, 127)]
    [InlineData(128, 128)]
    public void Reads_short_and_long_keys_and_values_alike(int keyLength, int valueLength)
    {
        var span = FullSpan();
        var (key, text) = (new string('k', keyLength), new string('v', valueLength));
        span.Attributes.Add(Attribute(key, new AnyValue { StringValue = text }));
        span.Attributes.Add(Attribute(key, new AnyValue { IntValue = -1 }));
        span.Attributes.Add(Attribute(key, new AnyValue { BoolValue = false }));

        Decode(Traces(span));

        var a = _batch.SpanAttributes(_batch.Span(0));
        Assert.Equal((key, AnyValueKind.String, text), (_batch.String(a[1].Key), a[1].Kind, _batch.String(a[1].Value)));
        Assert.Equal((key, AnyValueKind.Int, -1L), (_batch.String(a[2].Key), a[2].Kind, a[2].Int));
        Assert.Equal((key, AnyValueKind.Bool, false), (_batch.String(a[3].Key), a[3].Kind, a[3].Bool));
    }

    [Fact]
    public void Accepts_an_export_trace_service_request()
    {
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(Traces(FullSpan()).ResourceSpans);

        Decode(request.ToByteArray());

        Assert.Equal(1, _batch.SpanCount);
    }

    [Fact]
    public void Flattens_scope_spans_into_their_resource_and_records_sizes()
    {
        var traces = Traces(FullSpan());
        traces.ResourceSpans[0].ScopeSpans.Add(new ScopeSpans { Spans = { FullSpan(), FullSpan() } });
        traces.ResourceSpans.Add(new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { FullSpan() } } } });

        Decode(traces);

        Assert.Equal(2, _batch.ResourceCount);
        Assert.Equal(3, _batch.ResourceSpans(0).Length);
        Assert.Equal(1, _batch.ResourceSpans(1).Length);
        Assert.Equal(1, _batch.Span(3).ResourceIndex);
        Assert.Equal("svc", _batch.String(_batch.ResourceAttributes(0)[0].Value));
        Assert.Equal(0, _batch.ResourceAttributes(1).Length);
        Assert.Equal(traces.ResourceSpans[0].CalculateSize(), _batch.Resource(0).EncodedSize);
        Assert.Equal(traces.ResourceSpans[1].CalculateSize(), _batch.Resource(1).EncodedSize);
    }

    [Fact]
    public void Reads_resource_attributes_written_after_the_scope_spans()
    {
        var traces = Traces(FullSpan());
        var resourceSpans = Wire.Build(o =>
        {
            Wire.Message(o, 2, traces.ResourceSpans[0].ScopeSpans[0].ToByteArray());
            Wire.Message(o, 1, traces.ResourceSpans[0].Resource.ToByteArray());
        });

        Decode(Wire.Build(o => Wire.Message(o, 1, resourceSpans)));

        Assert.Equal("service.name", _batch.String(_batch.ResourceAttributes(0)[0].Key));
        Assert.Equal(1, _batch.ResourceSpans(0).Length);
        Assert.Equal("http.method", _batch.String(_batch.SpanAttributes(_batch.Span(0))[0].Key));
    }

    [Fact]
    public void Skips_unknown_fields_of_every_wire_type_at_every_level()
    {
        var span = FullSpan();
        var keyValue = Wire.Build(o =>
        {
            Wire.UnknownFields(o);
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString("k");
            Wire.Message(o, 2, Wire.Build(v =>
            {
                Wire.UnknownFields(v);
                v.WriteTag(3, WireFormat.WireType.Varint);
                v.WriteInt64(7);
            }));
        });
        var spanBytes = Wire.Build(o =>
        {
            Wire.UnknownFields(o);
            span.WriteTo(o);
            Wire.Message(o, 9, keyValue);
        });
        var scope = Wire.Build(o =>
        {
            Wire.UnknownFields(o);
            Wire.Message(o, 2, spanBytes);
        });
        var resourceSpans = Wire.Build(o =>
        {
            Wire.Message(o, 1, Wire.Build(r =>
            {
                Wire.UnknownFields(r);
                new Resource { Attributes = { Attribute("service.name", new AnyValue { StringValue = "svc" }) } }.WriteTo(r);
            }));
            Wire.UnknownFields(o);
            Wire.Message(o, 2, scope);
        });

        Decode(Wire.Build(o =>
        {
            Wire.UnknownFields(o);
            Wire.Message(o, 1, resourceSpans);
            Wire.UnknownFields(o);
        }));

        var s = _batch.Span(0);
        Assert.Equal("GET /users", _batch.String(s.Name));
        var last = _batch.SpanAttributes(s)[^1];
        Assert.Equal(("k", AnyValueKind.Int, 7L), (_batch.String(last.Key), last.Kind, last.Int));
        Assert.Equal(1, _batch.ResourceAttributes(0).Length);
        Assert.Equal(spanBytes.Length, s.EncodedSize);
    }

    [Fact]
    public void Keeps_unknown_span_kind_and_status_code_numbers()
    {
        var span = FullSpan();
        span.Kind = (Span.Types.SpanKind)9;
        span.Status.Code = (Status.Types.StatusCode)5;

        Decode(Traces(span));

        Assert.Equal((SpanKind)9, _batch.Span(0).Kind);
        Assert.Equal((StatusCode)5, _batch.Span(0).StatusCode);
    }

    [Fact]
    public void Accepts_an_empty_parent_id_and_a_missing_status()
    {
        var span = FullSpan();
        span.ParentSpanId = ByteString.Empty;
        span.Status = null;

        Decode(Traces(span));

        Assert.True(_batch.Span(0).ParentSpanId.IsEmpty);
        Assert.Equal(StatusCode.Unset, _batch.Span(0).StatusCode);
        Assert.True(_batch.Span(0).StatusMessage.IsEmpty);
    }

    [Fact]
    public void Decodes_an_empty_value_as_an_empty_batch()
    {
        Assert.True(_decoder.Decode(default, [], _batch).Success);
        Assert.Equal(0, _batch.ResourceCount);
    }

    [Theory]
    [InlineData("trace", 15)]
    [InlineData("trace", 0)]
    [InlineData("span", 7)]
    [InlineData("parent", 9)]
    public void Fails_with_bad_id_length_on_a_wrong_size_id(string which, int length)
    {
        var span = FullSpan();
        var id = ByteString.CopyFrom(new byte[length]);
        switch (which)
        {
            case "trace":
                span.TraceId = id;
                break;
            case "span":
                span.SpanId = id;
                break;
            default:
                span.ParentSpanId = id;
                break;
        }

        AssertFails(DecodeFailureReasons.BadIdLength, Traces(FullSpan(), span).ToByteArray());
    }

    [Fact]
    public void Fails_with_truncated_at_every_cut_of_a_valid_message()
    {
        var bytes = Traces(FullSpan()).ToByteArray();
        for (var length = 1; length < bytes.Length; length++)
        {
            var result = _decoder.Decode(default, bytes.AsSpan(0, length), _batch);
            Assert.False(result.Success, $"cut at {length}");
            Assert.Equal(0, _batch.SpanCount);
        }

        AssertFails(DecodeFailureReasons.Truncated, bytes.AsSpan(0, bytes.Length - 1).ToArray());
    }

    [Fact]
    public void Fails_with_wrong_wire_type_when_a_known_field_has_another_type()
    {
        var span = Wire.Build(o =>
        {
            FullSpan().WriteTo(o);
            o.WriteTag(5, WireFormat.WireType.Varint);
            o.WriteInt32(1);
        });

        AssertFails(DecodeFailureReasons.WrongWireType, Nest(span));
    }

    [Theory]
    [InlineData(new byte[] { 0x0F })] // field 1, wire type 7
    [InlineData(new byte[] { 0x00, 0x00 })] // field 0
    [InlineData(new byte[] { 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // 11-byte varint
    [InlineData(new byte[] { 0x14 })] // end-group without a start
    [InlineData(new byte[] { 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // length beyond int
    public void Fails_with_invalid_message_on_malformed_framing(byte[] bytes) =>
        AssertFails(DecodeFailureReasons.InvalidMessage, bytes);

    [Fact]
    public void Fails_with_invalid_message_on_groups_nested_too_deep()
    {
        var bytes = Wire.Build(o =>
        {
            for (var i = 0; i <= ProtoReader.MaxGroupDepth; i++)
            {
                o.WriteTag(1000, WireFormat.WireType.StartGroup);
            }

            for (var i = 0; i <= ProtoReader.MaxGroupDepth; i++)
            {
                o.WriteTag(1000, WireFormat.WireType.EndGroup);
            }
        });

        AssertFails(DecodeFailureReasons.InvalidMessage, bytes);
    }

    [Fact]
    public void Allocates_nothing_per_span_once_warm()
    {
        var traces = new TracesData();
        for (var r = 0; r < 10; r++)
        {
            traces.ResourceSpans.Add(new ResourceSpans
            {
                Resource = new Resource { Attributes = { Attribute("service.name", new AnyValue { StringValue = "svc" + r }) } },
                ScopeSpans = { new ScopeSpans { Spans = { FullSpan(), FullSpan(), FullSpan(), FullSpan(), FullSpan() } } },
            });
        }

        var bytes = traces.ToByteArray();
        _decoder.Decode(default, bytes, _batch);

        var least = Allocations.Least(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                _decoder.Decode(default, bytes, _batch);
            }
        });

        Assert.Equal(0, least);
        Assert.Equal(50, _batch.SpanCount);
    }

    internal static Span FullSpan() => new()
    {
        TraceId = ByteString.CopyFrom(TraceIdBytes),
        SpanId = ByteString.CopyFrom(SpanIdBytes),
        ParentSpanId = ByteString.CopyFrom(ParentIdBytes),
        TraceState = "rojo=00f067aa0ba902b7",
        Name = "GET /users",
        Kind = Span.Types.SpanKind.Server,
        StartTimeUnixNano = 1_000_000_000,
        EndTimeUnixNano = 1_500_000_000,
        Flags = 1,
        Attributes = { Attribute("http.method", new AnyValue { StringValue = "GET" }) },
        Events = { new Span.Types.Event { Name = "event", TimeUnixNano = 1_200_000_000 } },
        Links = { new Span.Types.Link { TraceId = ByteString.CopyFrom(TraceIdBytes), SpanId = ByteString.CopyFrom(SpanIdBytes) } },
        Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
    };

    internal static TracesData Traces(params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "lib" } };
        scope.Spans.Add(spans);
        var resource = new Resource { Attributes = { Attribute("service.name", new AnyValue { StringValue = "svc" }) } };
        return new TracesData { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scope } } } };
    }

    internal static KeyValue Attribute(string key, AnyValue value) => new() { Key = key, Value = value };

    private static byte[] Nest(byte[] span) =>
        Wire.Build(o => Wire.Message(o, 1, Wire.Build(r => Wire.Message(r, 2, Wire.Build(s => Wire.Message(s, 2, span))))));

    private void Decode(TracesData traces) => Decode(traces.ToByteArray());

    private void Decode(byte[] bytes)
    {
        var result = _decoder.Decode(default, bytes, _batch);
        Assert.True(result.Success, result.ToString());
    }

    private void AssertFails(string reason, byte[] bytes)
    {
        var result = _decoder.Decode(Encoding.UTF8.GetBytes("key"), bytes, _batch);

        Assert.Equal(reason, result.FailureReason);
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Equal(0, _batch.ResourceCount);
        Assert.Equal(0, _batch.SpanCount);
        Assert.Equal(0, _batch.AttributeCount);
    }
}
