using Google.Protobuf;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Wire.Tempo;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public class QueryResponseEncoderTests
{
    private const ulong Second = 1_000_000_000;
    private const long T0Ms = 1_699_999_980_000;
    private static readonly QueryRange Range = new((ulong)T0Ms * 1_000_000, (ulong)T0Ms * 1_000_000 + 30 * Second, 15 * Second);

    private static MetricsExemplar Exemplar(long ms, double value) => new(
        [
            new SeriesLabel(TraceQLKeywords.TraceIdLabel, StaticValue.OfString("abc")),
            new SeriesLabel(TraceQLKeywords.SpanIdLabel, StaticValue.OfString("0000000000000001")),
        ],
        value,
        ms);

    private static MetricsQueryResult Result(params MetricsExemplar[] exemplars)
    {
        var series = new MetricsSeries([new SeriesLabel(TraceQLKeywords.NameLabel, StaticValue.OfString("rate"))], [2, double.NaN]);
        series.Exemplars.AddRange(exemplars);
        return new MetricsQueryResult(Range, [series], 0, null);
    }

    [Fact]
    public void Exemplars_follow_tempos_jsonpb_shape()
    {
        // The second exemplar's interval has no sample, so it is left out as Tempo's ToProto does.
        var json = QueryResponseEncoder.ToJson(QueryResponseEncoder.ToRange(Result(Exemplar(T0Ms + 5_000, 0.25), Exemplar(T0Ms + 20_000, 1))));
        Assert.Equal(
            "{ \"series\": [ { \"labels\": [ { \"key\": \"__name__\", \"value\": { \"stringValue\": \"rate\" } } ], "
            + "\"samples\": [ { \"value\": 2, \"timestampMs\": \"1699999995000\" } ], "
            + "\"exemplars\": [ { \"labels\": [ { \"key\": \"trace:id\", \"value\": { \"stringValue\": \"abc\" } }, "
            + "{ \"key\": \"span:id\", \"value\": { \"stringValue\": \"0000000000000001\" } } ], "
            + "\"value\": 0.25, \"timestampMs\": \"1699999985000\" } ] } ], "
            + "\"metrics\": { \"completedJobs\": 1, \"totalJobs\": 1 } }",
            json);
    }

    [Fact]
    public void Exemplars_use_tempos_protobuf_field_numbers()
    {
        var bytes = QueryResponseEncoder.ToRange(Result(Exemplar(T0Ms + 5_000, 0.25))).ToByteArray();
        var series = QueryRangeResponse.Parser.ParseFrom(bytes).Series[0];

        // TimeSeries.exemplars = 4; Exemplar labels = 1, value = 2, timestamp_ms = 3.
        Assert.Equal(4, TimeSeries.ExemplarsFieldNumber);
        Assert.Equal((1, 2, 3), (Wire.Tempo.Exemplar.LabelsFieldNumber, Wire.Tempo.Exemplar.ValueFieldNumber, Wire.Tempo.Exemplar.TimestampMsFieldNumber));
        var e = Assert.Single(series.Exemplars);
        Assert.Equal(T0Ms + 5_000, e.TimestampMs);
        Assert.Equal(0.25, e.Value);
        Assert.Equal(["trace:id", "span:id"], e.Labels.Select(l => l.Key));
    }

    [Fact]
    public void A_peers_exemplars_come_back_with_their_placeholder_values()
    {
        var response = QueryRangeResponse.Parser.ParseFrom(QueryResponseEncoder.ToRange(Result(Exemplar(T0Ms + 5_000, double.NaN))).ToByteArray());
        var series = Assert.Single(QueryResponseEncoder.FromRange(response, Range));
        var e = Assert.Single(series.Exemplars);
        Assert.True(double.IsNaN(e.Value));
        Assert.Equal(T0Ms + 5_000, e.TimestampMs);
        Assert.Equal("abc", e.Labels[0].Value.String);
        Assert.Equal(TraceQLKeywords.SpanIdLabel, e.Labels[1].Name);
    }

    [Fact]
    public void Instant_answers_have_no_exemplars()
    {
        var instant = new QueryRange(Range.StartUnixNano, Range.EndUnixNano, 30 * Second);
        var series = new MetricsSeries([new SeriesLabel(TraceQLKeywords.NameLabel, StaticValue.OfString("rate"))], [2]);
        var json = QueryResponseEncoder.ToJson(QueryResponseEncoder.ToInstant(new MetricsQueryResult(instant, [series], 0, null)));
        Assert.DoesNotContain("exemplars", json, StringComparison.Ordinal);
    }
}
