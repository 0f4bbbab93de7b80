using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Ingest;

public sealed class SpanBatchCodecTests
{
    [Fact]
    public void Re_encodes_only_the_selected_spans_as_OTLP_identical_to_the_originals()
    {
        var traces = SampleTraces();
        var batch = SpanBatchFactory.From(traces, "tenant-x");
        batch.RecordTimeUnixMs = 1_700_000_000_123;

        var encoded = SpanBatchCodec.Encode(batch, [1, 2]);
        // Header, span count, then each span's size as a varint.
        var sizes = (batch.Span(1).EncodedSize < 128 ? 1 : 2) + (batch.Span(2).EncodedSize < 128 ? 1 : 2);
        var request = ExportTraceServiceRequest.Parser.ParseFrom(encoded.AsSpan(1 + 1 + 8 + 2 + "tenant-x".Length + 4 + sizes));

        Assert.Equal(2, request.ResourceSpans.Count);
        Assert.Equal(traces.ResourceSpans[0].Resource, request.ResourceSpans[0].Resource);
        Assert.Equal(traces.ResourceSpans[0].ScopeSpans[0].Spans[1], Assert.Single(request.ResourceSpans[0].ScopeSpans).Spans.Single());
        Assert.Equal(traces.ResourceSpans[1].Resource, request.ResourceSpans[1].Resource);
        Assert.Equal(traces.ResourceSpans[1].ScopeSpans[0].Spans[0], request.ResourceSpans[1].ScopeSpans[0].Spans.Single());
    }

    [Fact]
    public void Decodes_back_with_the_tenant_record_time_flags_and_span_sizes_of_the_original()
    {
        var batch = SpanBatchFactory.From(SampleTraces(), "tenant-x");
        batch.RecordTimeUnixMs = 42;
        batch.SkipMetricsGeneration = true;

        var decoded = new SpanBatch();
        var result = SpanBatchCodec.Decode(SpanBatchCodec.Encode(batch), SpanBatchDecoders.Create(Codecs.OtlpProto), decoded);

        Assert.True(result.Success, result.ToString());
        Assert.Equal("tenant-x", decoded.Tenant);
        Assert.Equal(42, decoded.RecordTimeUnixMs);
        Assert.True(decoded.SkipMetricsGeneration);
        Assert.Equal(batch.SpanCount, decoded.SpanCount);
        for (var i = 0; i < batch.SpanCount; i++)
        {
            Assert.Equal(batch.Span(i).TraceId, decoded.Span(i).TraceId);
            Assert.Equal(batch.Span(i).EncodedSize, decoded.Span(i).EncodedSize);
            Assert.Equal(batch.String(batch.Span(i).Name), decoded.String(decoded.Span(i).Name));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(40)]
    public void Spans_with_events_and_links_keep_their_encoded_size_through_the_hop(int events)
    {
        var traces = SampleTraces();
        var span = traces.ResourceSpans[0].ScopeSpans[0].Spans[0];
        for (var i = 0; i < events; i++)
        {
            span.Events.Add(new Span.Types.Event { Name = "event-" + i, TimeUnixNano = 1_700_000_000_500_000_000UL });
        }

        span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = span.SpanId });
        span.Flags = 1;
        var batch = SpanBatchFactory.From(traces, "tenant-x");

        var decoded = new SpanBatch();
        var result = SpanBatchCodec.Decode(SpanBatchCodec.Encode(batch), SpanBatchDecoders.Create(Codecs.OtlpProto), decoded);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(span.CalculateSize(), decoded.Span(0).EncodedSize);
        Assert.Equal(batch.String(batch.Span(0).Name), decoded.String(decoded.Span(0).Name));
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0 }, DecodeFailureReasons.Truncated)]
    [InlineData(new byte[] { 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, DecodeFailureReasons.InvalidMessage)]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 65 }, DecodeFailureReasons.Truncated)]
    public void Reports_a_damaged_header_as_a_failure_instead_of_throwing(byte[] value, string reason)
    {
        var result = SpanBatchCodec.Decode(value, SpanBatchDecoders.Create(Codecs.OtlpProto), new SpanBatch());

        Assert.Equal(reason, result.FailureReason);
    }

    internal static TracesData SampleTraces()
    {
        static Span NewSpan(byte n, Span.Types.SpanKind kind) => new()
        {
            TraceId = ByteString.CopyFrom([.. new byte[15], n]),
            SpanId = ByteString.CopyFrom([.. new byte[7], n]),
            ParentSpanId = n > 1 ? ByteString.CopyFrom([.. new byte[7], 1]) : ByteString.Empty,
            TraceState = n == 2 ? "k=v" : string.Empty,
            Name = "op-" + n,
            Kind = kind,
            StartTimeUnixNano = 1_700_000_000_000_000_000UL + n,
            EndTimeUnixNano = 1_700_000_001_000_000_000UL + n,
            Attributes =
            {
                new KeyValue { Key = "s", Value = new AnyValue { StringValue = "é" } },
                new KeyValue { Key = "b", Value = new AnyValue { BoolValue = true } },
                new KeyValue { Key = "i", Value = new AnyValue { IntValue = -5 } },
                new KeyValue { Key = "d", Value = new AnyValue { DoubleValue = 1.5 } },
                new KeyValue { Key = "a", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 } } } } },
                new KeyValue { Key = "y", Value = new AnyValue { BytesValue = ByteString.CopyFrom(1, 2) } },
                new KeyValue { Key = "e", Value = new AnyValue() },
            },
            Status = n == 3 ? new Status { Code = Status.Types.StatusCode.Error, Message = "boom" } : null,
        };

        static Resource NewResource(string service) => new() { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } } } };

        return new TracesData
        {
            ResourceSpans =
            {
                new ResourceSpans { Resource = NewResource("a"), ScopeSpans = { new ScopeSpans { Spans = { NewSpan(1, Span.Types.SpanKind.Server), NewSpan(2, Span.Types.SpanKind.Client) } } } },
                new ResourceSpans { Resource = NewResource("b"), ScopeSpans = { new ScopeSpans { Spans = { NewSpan(3, Span.Types.SpanKind.Internal) } } } },
            },
        };
    }
}
