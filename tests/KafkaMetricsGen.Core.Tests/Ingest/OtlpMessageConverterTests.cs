using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

public sealed class OtlpMessageConverterTests
{
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_Tempo_fixture_converts_with_all_its_spans(string fixture)
    {
        var traces = TempoFixtures.Load(fixture);
        var expected = traces.ResourceSpans.SelectMany(rs => rs.ScopeSpans).Sum(ss => ss.Spans.Count);

        var batch = SpanBatchFactory.From(traces);

        Assert.True(expected > 0);
        Assert.Equal(expected, batch.SpanCount);
        Assert.Equal(traces.ResourceSpans.Count, batch.ResourceCount);
    }

    [Fact]
    public void Span_fields_and_attributes_are_readable_from_the_batch()
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()),
            SpanId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8]),
            Name = "GET /users",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1_000_000_000,
            EndTimeUnixNano = 1_500_000_000,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        };
        span.Attributes.Add(new KeyValue { Key = "http.status", Value = new AnyValue { IntValue = 500 } });
        var rs = new ResourceSpans { Resource = new OpenTelemetry.Proto.Resource.V1.Resource() };
        rs.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "api" } });
        rs.ScopeSpans.Add(new ScopeSpans { Spans = { span } });

        var batch = SpanBatchFactory.From(rs);
        var s = batch.Span(0);

        Assert.Equal("GET /users", batch.String(s.Name));
        Assert.Equal(SpanKind.Server, s.Kind);
        Assert.Equal(StatusCode.Error, s.StatusCode);
        Assert.Equal("boom", batch.String(s.StatusMessage));
        Assert.Equal(0.5, s.DurationSeconds);
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", s.TraceId.ToHex());
        Assert.Equal(span.CalculateSize(), s.EncodedSize);
        Assert.True(batch.TryFind(batch.ResourceAttributes(0), "service.name"u8, out var service));
        Assert.Equal("api", AttributeText.ToLabelValue(batch, service));
        Assert.True(batch.TryFind(batch.SpanAttributes(s), "http.status"u8, out var status));
        Assert.Equal("500", AttributeText.ToLabelValue(batch, status));
    }

    [Fact]
    public void A_trace_id_of_the_wrong_length_is_a_failure_with_a_reason()
    {
        var rs = new ResourceSpans();
        rs.ScopeSpans.Add(new ScopeSpans { Spans = { new Span { TraceId = ByteString.CopyFrom([1, 2, 3]) } } });
        var batch = new SpanBatch();

        var result = OtlpMessageConverter.Append(batch, [rs]);

        Assert.Equal(DecodeFailureReasons.BadIdLength, result.FailureReason);
        Assert.Equal(0, batch.SpanCount);
    }

    public static TheoryData<string> Fixtures() => new(TempoFixtures.All);
}
