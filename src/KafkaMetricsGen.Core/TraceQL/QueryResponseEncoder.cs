using Google.Protobuf;
using KafkaMetricsGen.Wire.Tempo;
using OpenTelemetry.Proto.Common.V1;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Turns results into Tempo's QueryRangeResponse / QueryInstantResponse and back (peer answers). JSON goes through the
/// protobuf JSON formatter, which gives jsonpb's shape: lowerCamelCase, 64-bit ints as strings, zero fields omitted,
/// enums by name. NaN samples and series without samples are left out, as Tempo does, and so are exemplars whose interval
/// has no sample. An exemplar's NaN value (a peer's placeholder) travels as NaN in protobuf.
/// </summary>
public static class QueryResponseEncoder
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    public static QueryRangeResponse ToRange(MetricsQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = new QueryRangeResponse { Metrics = Metrics(result) };
        foreach (var s in result.Series)
        {
            var ts = new TimeSeries();
            for (var i = 0; i < s.Values.Length; i++)
            {
                if (!double.IsNaN(s.Values[i]))
                {
                    ts.Samples.Add(new Sample { Value = s.Values[i], TimestampMs = result.Range.TimestampMsOf(i) });
                }
            }

            if (ts.Samples.Count == 0)
            {
                continue;
            }

            AddLabels(ts.Labels, s.Labels);
            foreach (var e in s.Exemplars)
            {
                var interval = ExemplarCombiner.IntervalOfMs(result.Range, e.TimestampMs);
                if (interval < 0 || interval >= s.Values.Length || double.IsNaN(s.Values[interval]))
                {
                    continue;
                }

                var exemplar = new Exemplar { Value = e.Value, TimestampMs = e.TimestampMs };
                AddLabels(exemplar.Labels, e.Labels);
                ts.Exemplars.Add(exemplar);
            }

            response.Series.Add(ts);
        }

        SetPartial(result, m => response.Status = m, m => response.Message = m);
        return response;
    }

    public static QueryInstantResponse ToInstant(MetricsQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = new QueryInstantResponse { Metrics = Metrics(result) };
        foreach (var s in result.Series)
        {
            if (s.Values.Length == 0 || double.IsNaN(s.Values[^1]))
            {
                continue;
            }

            var series = new InstantSeries { Value = s.Values[^1] };
            AddLabels(series.Labels, s.Labels);
            response.Series.Add(series);
        }

        SetPartial(result, m => response.Status = m, m => response.Message = m);
        return response;
    }

    public static string ToJson(IMessage message) => Json.Format(message);

    /// <summary>A peer's series back into first-stage form over the same aligned range (absent samples are NaN).</summary>
    public static List<MetricsSeries> FromRange(QueryRangeResponse response, QueryRange range)
    {
        ArgumentNullException.ThrowIfNull(response);
        var output = new List<MetricsSeries>(response.Series.Count);
        var intervals = range.IntervalCount;
        foreach (var ts in response.Series)
        {
            var labels = FromLabels(ts.Labels);

            var values = new double[intervals];
            Array.Fill(values, double.NaN);
            foreach (var sample in ts.Samples)
            {
                var index = range.IsInstant ? 0 : IntervalOfTimestampMs(range, sample.TimestampMs);
                if (index >= 0 && index < intervals)
                {
                    values[index] = sample.Value;
                }
            }

            var series = new MetricsSeries(labels, values);
            foreach (var e in ts.Exemplars)
            {
                series.Exemplars.Add(new MetricsExemplar(FromLabels(e.Labels), e.Value, e.TimestampMs));
            }

            output.Add(series);
        }

        return output;
    }

    private static SeriesLabel[] FromLabels(Google.Protobuf.Collections.RepeatedField<KeyValue> labels)
    {
        var output = new SeriesLabel[labels.Count];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = new SeriesLabel(labels[i].Key, FromAnyValue(labels[i].Value));
        }

        return output;
    }

    private static int IntervalOfTimestampMs(QueryRange range, long timestampMs)
    {
        var ns = (ulong)timestampMs * 1_000_000;
        return ns <= range.StartUnixNano ? -1 : (int)((ns - range.StartUnixNano) / range.StepNano) - 1;
    }

    private static SearchMetrics Metrics(MetricsQueryResult result) => new()
    {
        InspectedSpans = (ulong)Math.Max(0, result.InspectedSpans),
        TotalJobs = 1,
        CompletedJobs = 1,
    };

    private static void SetPartial(MetricsQueryResult result, Action<PartialStatus> status, Action<string> message)
    {
        if (result.PartialMessage is not null)
        {
            status(PartialStatus.Partial);
            message(result.PartialMessage);
        }
    }

    private static void AddLabels(Google.Protobuf.Collections.RepeatedField<KeyValue> into, SeriesLabel[] labels)
    {
        foreach (var l in labels)
        {
            into.Add(new KeyValue { Key = l.Name, Value = ToAnyValue(l.Value) });
        }
    }

    /// <summary>Tempo's Static.AsAnyValue: strings, ints, doubles, bools as themselves; status and kind as their names.</summary>
    public static AnyValue ToAnyValue(StaticValue v) => v.Kind switch
    {
        StaticKind.String => new AnyValue { StringValue = v.String ?? string.Empty },
        StaticKind.Int => new AnyValue { IntValue = v.Int },
        StaticKind.Float => new AnyValue { DoubleValue = v.Float },
        StaticKind.Bool => new AnyValue { BoolValue = v.Int != 0 },
        StaticKind.Duration => new AnyValue { IntValue = v.Int },
        StaticKind.Status or StaticKind.Kind => new AnyValue { StringValue = v.ToString() },
        _ => new AnyValue(),
    };

    public static StaticValue FromAnyValue(AnyValue? v) => v?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => StaticValue.OfString(v.StringValue),
        AnyValue.ValueOneofCase.IntValue => StaticValue.OfInt(v.IntValue),
        AnyValue.ValueOneofCase.DoubleValue => StaticValue.OfFloat(v.DoubleValue),
        AnyValue.ValueOneofCase.BoolValue => StaticValue.OfBool(v.BoolValue),
        _ => StaticValue.Nil,
    };
}
