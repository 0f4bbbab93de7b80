using System.Buffers;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// Every field a processor reads arrives at the generate stage as the decode stage read it: a record is decoded with
/// the otlp_proto decoder (what <c>process</c> sees), put into a spans-by-trace frame, read back as the generate stage
/// does, and the two batches must hold the same spans, resources and attributes, field by field. One test per field;
/// the last ones read sub-batches an older release wrote in the OTLP layout.
/// </summary>
public sealed class CompactSubBatchFieldTests
{
    private const ulong Start = 1_700_000_000_000_000_000UL;

    [Fact]
    public void A_span_size_counts_an_empty_status_as_received()
    {
        // The OpenTelemetry Collector writes the status message even when it is empty: tag and zero length, 2 bytes.
        var span = NewSpan(1);
        span.Status = new Status();

        var (sent, received) = RoundTrip(Traces(span));

        Assert.Equal(span.CalculateSize(), sent.Span(0).EncodedSize);
        Assert.Equal(sent.Span(0).EncodedSize, received.Span(0).EncodedSize);
    }

    [Fact]
    public void A_span_size_without_any_status_is_the_size_as_received()
    {
        var (sent, received) = RoundTrip(Traces(NewSpan(1)));

        Assert.Equal(sent.Span(0).EncodedSize, received.Span(0).EncodedSize);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(200)]
    public void A_span_size_counts_unknown_fields(int unknownBytes)
    {
        var span = NewSpan(1);
        var withUnknown = Span.Parser.ParseFrom([.. span.ToByteArray(), .. UnknownField(unknownBytes)]);

        var (sent, received) = RoundTrip(Traces(withUnknown));

        Assert.Equal(span.CalculateSize() + unknownBytes, sent.Span(0).EncodedSize);
        Assert.Equal(sent.Span(0).EncodedSize, received.Span(0).EncodedSize);
    }

    [Fact]
    public void A_span_size_counts_a_two_byte_field_the_model_does_not_hold()
    {
        var span = NewSpan(1);
        span.DroppedAttributesCount = 1;

        var (sent, received) = RoundTrip(Traces(span));

        Assert.Equal(span.CalculateSize(), received.Span(0).EncodedSize);
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void A_span_size_counts_events_links_flags_and_dropped_counts()
    {
        var span = NewSpan(1);
        span.Events.Add(new Span.Types.Event { Name = "e", TimeUnixNano = Start, Attributes = { Attr("k", "v") }, DroppedAttributesCount = 1 });
        span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = span.SpanId, TraceState = "a=b", Flags = 0x301 });
        span.Flags = 0x101;
        span.DroppedAttributesCount = 2;
        span.DroppedEventsCount = 3;
        span.DroppedLinksCount = 4;

        var (sent, received) = RoundTrip(Traces(span));

        Assert.Equal(span.CalculateSize(), received.Span(0).EncodedSize);
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Status_codes_and_messages_arrive_as_sent()
    {
        var spans = new[]
        {
            NewSpan(1, status: new Status { Code = Status.Types.StatusCode.Ok }),
            NewSpan(2, status: new Status { Code = Status.Types.StatusCode.Error, Message = "deadline exceeded" }),
            NewSpan(3, status: new Status { Message = "a message without a code" }),
            NewSpan(4, status: new Status { Code = (Status.Types.StatusCode)7 }),
        };

        var (sent, received) = RoundTrip(Traces(spans));

        Assert.Equal("a message without a code", received.String(received.Span(2).StatusMessage));
        Assert.Equal((StatusCode)7, received.Span(3).StatusCode);
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Every_span_kind_arrives_as_sent()
    {
        var kinds = new[] { 0, 1, 2, 3, 4, 5, 9, -1 };
        var spans = kinds.Select((k, i) => NewSpan((byte)(i + 1), kind: (Span.Types.SpanKind)k)).ToArray();

        var (sent, received) = RoundTrip(Traces(spans));

        Assert.Equal(kinds.Select(k => (SpanKind)k), received.Spans.ToArray().Select(s => s.Kind));
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void The_trace_state_arrives_as_sent()
    {
        var span = NewSpan(1);
        span.TraceState = "vendor=a,ot=th:8;rv:0123456789abcd";

        var (sent, received) = RoundTrip(Traces(span, NewSpan(2)));

        Assert.Equal(span.TraceState, received.String(received.Span(0).TraceState));
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Ids_arrive_as_sent_with_and_without_a_parent()
    {
        var root = NewSpan(1);
        root.SpanId = ByteString.CopyFrom(0, 0, 0, 0, 0, 0, 0, 0);
        var child = NewSpan(2);
        child.ParentSpanId = ByteString.CopyFrom(0xff, 1, 2, 3, 4, 5, 6, 7);

        var (sent, received) = RoundTrip(Traces(root, child));

        Assert.True(received.Span(0).ParentSpanId.IsEmpty);
        Assert.Equal(0xff01020304050607UL, received.Span(1).ParentSpanId.Value);
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Start_and_end_times_arrive_as_sent_zero_included()
    {
        var unstarted = NewSpan(1);
        unstarted.StartTimeUnixNano = 0;
        var unended = NewSpan(2);
        unended.EndTimeUnixNano = 0;

        var (sent, received) = RoundTrip(Traces(unstarted, unended, NewSpan(3)));

        Assert.Equal(0UL, received.Span(0).StartTimeUnixNano);
        Assert.Equal(0UL, received.Span(1).EndTimeUnixNano);
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Names_arrive_as_sent_empty_and_unicode_included()
    {
        var (sent, received) = RoundTrip(Traces(NewSpan(1, name: ""), NewSpan(2, name: "naïve ✓ span")));

        Assert.Equal("naïve ✓ span", received.String(received.Span(1).Name));
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Span_attributes_of_every_type_arrive_as_sent()
    {
        var span = NewSpan(1);
        span.Attributes.Add(EveryType());

        var (sent, received) = RoundTrip(Traces(span));

        Assert.Equal(EveryType().Length, received.SpanAttributes(received.Span(0)).Length);
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Resource_attributes_of_every_type_arrive_as_sent()
    {
        var traces = Traces(NewSpan(1));
        traces.ResourceSpans[0].Resource.Attributes.Add(EveryType());

        var (sent, received) = RoundTrip(traces);

        Assert.Equal(EveryType().Length + 1, received.ResourceAttributes(0).Length);
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Duplicate_attribute_keys_keep_their_order()
    {
        var span = NewSpan(1);
        span.Attributes.Add([Attr("k", "first"), Attr("k", "second"), new KeyValue { Key = "k", Value = new AnyValue { IntValue = 3 } }]);

        var (sent, received) = RoundTrip(Traces(span));

        Assert.True(received.TryFind(received.SpanAttributes(received.Span(0)), "k"u8, out var first));
        Assert.Equal("first", received.String(first.Value));
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Spans_keep_their_resources_an_empty_or_missing_resource_included()
    {
        var traces = Traces(NewSpan(1), NewSpan(2));
        traces.ResourceSpans.Add(new ResourceSpans { Resource = new Resource(), ScopeSpans = { new ScopeSpans { Spans = { NewSpan(3) } } } });
        traces.ResourceSpans.Add(new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { NewSpan(4), NewSpan(5) } } } });
        traces.ResourceSpans.Add(new ResourceSpans { Resource = Resource("other"), ScopeSpans = { new ScopeSpans { Spans = { NewSpan(6) } }, new ScopeSpans { Spans = { NewSpan(7) } } } });

        var (sent, received) = RoundTrip(traces);

        Assert.Equal(sent.SpanCount, received.SpanCount);
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void A_sub_batch_of_a_subset_carries_the_sizes_of_that_subset()
    {
        var spans = Enumerable.Range(1, 5).Select(i => NewSpan((byte)i, status: i % 2 == 0 ? new Status() : null)).ToArray();
        var sent = Decode(Traces(spans));

        var received = Frame(sent, [1, 3, 4]);

        Assert.Equal([sent.Span(1).EncodedSize, sent.Span(3).EncodedSize, sent.Span(4).EncodedSize], received.Spans.ToArray().Select(s => s.EncodedSize));
    }

    [Fact]
    public void A_sub_batch_in_the_OTLP_layout_of_the_previous_release_is_still_read_field_by_field()
    {
        var spans = Enumerable.Range(1, 4).Select(i => NewSpan((byte)i, status: new Status { Code = Status.Types.StatusCode.Error, Message = "m" })).ToArray();
        spans[1].Attributes.Add(EveryType());
        var sent = Decode(Traces(spans));
        byte[] record = [SubBatchFrame.Version, .. BitConverter.GetBytes(SpanBatchCodec.Measure(sent, [0, 1, 2, 3])), .. SpanBatchCodec.Encode(sent, [0, 1, 2, 3])];

        var offset = 0;
        Assert.True(SubBatchFrame.TryNext(record, ref offset, out var subBatch, out _));
        var received = new SpanBatch();
        var result = SubBatchFrame.Read(subBatch, SpanBatchDecoders.Create(Codecs.OtlpProto), received);

        Assert.True(result.Success, result.ToString());
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void A_sub_batch_in_the_format_without_sizes_is_still_read()
    {
        var sent = Decode(Traces(NewSpan(1), NewSpan(2)));
        var otlp = new ExportTraceServiceRequest { ResourceSpans = { Traces(NewSpan(1), NewSpan(2)).ResourceSpans } }.ToByteArray();
        byte[] value = [SpanBatchCodec.VersionWithoutSizes, 1, .. BitConverter.GetBytes(42L), 8, 0, .. "tenant-x"u8, .. otlp];

        var received = new SpanBatch();
        var result = SubBatchFrame.Read(value, SpanBatchDecoders.Create(Codecs.OtlpProto), received);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(("tenant-x", 42L, true), (received.Tenant, received.RecordTimeUnixMs, received.SkipMetricsGeneration));
        CompactSubBatchAssert.Same(sent, received);
    }

    [Fact]
    public void Sizes_that_run_past_the_end_or_do_not_match_the_spans_are_reported()
    {
        var otlp = new ExportTraceServiceRequest { ResourceSpans = { Traces(NewSpan(1)).ResourceSpans } }.ToByteArray();
        byte[] header = [SpanBatchCodec.Version, 0, .. BitConverter.GetBytes(42L), 1, 0, (byte)'t'];
        var decoder = SpanBatchDecoders.Create(Codecs.OtlpProto);

        Assert.Equal(DecodeFailureReasons.Truncated, SpanBatchCodec.Decode([.. header, 2, 0], decoder, new SpanBatch()).FailureReason);
        Assert.Equal(DecodeFailureReasons.Truncated, SpanBatchCodec.Decode([.. header, 2, 0, 0, 0, 10, 0x80], decoder, new SpanBatch()).FailureReason);
        Assert.Equal(DecodeFailureReasons.InvalidMessage, SpanBatchCodec.Decode([.. header, 2, 0, 0, 0, 10, 20, .. otlp], decoder, new SpanBatch()).FailureReason);
    }

    /// <summary>The record decoded as the decode stage decodes it, and the same spans after the spans-by-trace hop.</summary>
    [Fact]
    public void Scopes_events_and_links_cross_the_hop_with_every_attribute_type()
    {
        var withEvents = NewSpan(1);
        withEvents.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = Start + 5, Attributes = { EveryType() } });
        withEvents.Events.Add(new Span.Types.Event { Name = "", TimeUnixNano = 0 });
        withEvents.Links.Add(new Span.Types.Link { TraceId = NewSpan(9).TraceId, SpanId = NewSpan(9).SpanId, Attributes = { EveryType() } });
        withEvents.Links.Add(new Span.Types.Link());
        withEvents.Attributes.Add(Attr("after", "events"));
        var traces = Traces(withEvents, NewSpan(2));
        traces.ResourceSpans[0].ScopeSpans[0].Scope = new InstrumentationScope { Name = "io.opentelemetry.http", Version = "1.2", Attributes = { EveryType() } };
        traces.ResourceSpans[0].ScopeSpans.Add(new ScopeSpans { Spans = { NewSpan(3) } });
        traces.ResourceSpans[0].ScopeSpans.Add(new ScopeSpans { Scope = new InstrumentationScope { Name = "grpc" }, Spans = { NewSpan(4) } });

        var (sent, received) = RoundTrip(traces);

        Assert.Equal(2, sent.SpanEvents(sent.Span(0)).Length);
        Assert.Equal("grpc", received.String(received.Scope(received.Span(3).ScopeIndex).Name));
        CompactSubBatchAssert.Same(sent, received);
    }

    private static (SpanBatch Sent, SpanBatch Received) RoundTrip(TracesData traces)
    {
        var sent = Decode(traces);
        var all = Enumerable.Range(0, sent.SpanCount).ToArray();
        return (sent, Frame(sent, all));
    }

    private static SpanBatch Decode(TracesData traces)
    {
        var sent = new SpanBatch();
        var bytes = new ExportTraceServiceRequest { ResourceSpans = { traces.ResourceSpans } }.ToByteArray();
        var result = SpanBatchDecoders.Create(Codecs.OtlpProto).Decode(default, bytes, sent);
        Assert.True(result.Success, result.ToString());
        sent.Tenant = "tenant-x";
        return sent;
    }

    /// <summary>Through a frame as the decode stage writes it and the generate stage reads it.</summary>
    private static SpanBatch Frame(SpanBatch sent, int[] spans)
    {
        var writer = new ArrayBufferWriter<byte>();
        SubBatchFrame.Begin(writer);
        SubBatchFrame.Append(writer, sent, spans);
        var offset = 0;
        Assert.True(SubBatchFrame.TryNext(writer.WrittenSpan, ref offset, out var subBatch, out _));
        var received = new SpanBatch();
        var result = SubBatchFrame.Read(subBatch, SpanBatchDecoders.Create(Codecs.OtlpProto), received);
        Assert.True(result.Success, result.ToString());
        return received;
    }

    private static KeyValue[] EveryType() =>
    [
        Attr("string", "é"),
        Attr("empty-string", ""),
        new() { Key = "bool-true", Value = new AnyValue { BoolValue = true } },
        new() { Key = "bool-false", Value = new AnyValue { BoolValue = false } },
        new() { Key = "int", Value = new AnyValue { IntValue = -5 } },
        new() { Key = "int-max", Value = new AnyValue { IntValue = long.MaxValue } },
        new() { Key = "double", Value = new AnyValue { DoubleValue = 0.1 } },
        new() { Key = "double-negative-zero", Value = new AnyValue { DoubleValue = -0.0 } },
        new() { Key = "double-nan", Value = new AnyValue { DoubleValue = double.NaN } },
        new() { Key = "bytes", Value = new AnyValue { BytesValue = ByteString.CopyFrom(0, 1, 0xff) } },
        new() { Key = "array", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { StringValue = "x" } } } } },
        new() { Key = "kvlist", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("inner", "v") } } } },
        new() { Key = "empty-value", Value = new AnyValue() },
        new() { Key = "no-value" },
    ];

    /// <summary>An unknown length-delimited field (number 100, a 2-byte tag) exactly <paramref name="size"/> bytes long.</summary>
    private static byte[] UnknownField(int size)
    {
        var body = size - 3 < 128 ? size - 3 : size - 4;
        byte[] length = body < 128 ? [(byte)body] : [(byte)(body | 0x80), (byte)(body >> 7)];
        return [0xa2, 0x06, .. length, .. new byte[body]];
    }

    private static Span NewSpan(byte n, Span.Types.SpanKind kind = Span.Types.SpanKind.Server, string? name = null, Status? status = null) => new()
    {
        TraceId = ByteString.CopyFrom([.. new byte[15], n]),
        SpanId = ByteString.CopyFrom([.. new byte[7], n]),
        Name = name ?? "op-" + n,
        Kind = kind,
        StartTimeUnixNano = Start + n,
        EndTimeUnixNano = Start + 1_000_000_000UL + n,
        Status = status,
    };

    private static TracesData Traces(params Span[] spans) => new()
    {
        ResourceSpans = { new ResourceSpans { Resource = Resource("svc"), ScopeSpans = { new ScopeSpans { Spans = { spans } } } } },
    };

    private static Resource Resource(string service) => new() { Attributes = { Attr("service.name", service) } };

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
