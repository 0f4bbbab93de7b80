using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Wire.Tempo;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Synthetic;

/// <summary>
/// Encodes an OTLP request as a Kafka record value in one of the input codecs: the OpenTelemetry Collector Kafka
/// exporter's <c>otlp_proto</c> / <c>otlp_json</c>, or Tempo 3.x <c>push-bytes</c> (one serialized Trace per trace id).
/// </summary>
public static class SyntheticRecordEncoder
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(false));

    public static byte[] Encode(TracesData traces, string codec) => codec switch
    {
        Codecs.OtlpProto => new ExportTraceServiceRequest { ResourceSpans = { traces.ResourceSpans } }.ToByteArray(),
        Codecs.OtlpJson => System.Text.Encoding.UTF8.GetBytes(ToOtlpJson(traces)),
        Codecs.PushBytes => ToPushBytes(traces).ToByteArray(),
        Codecs.TempoOtlp => traces.ToByteArray(),
        _ => throw new ArgumentException("unknown codec " + codec, nameof(codec)),
    };

    /// <summary>OTLP/JSON as the OpenTelemetry spec writes it: hex ids (the protobuf JSON mapping would write base64).</summary>
    public static string ToOtlpJson(TracesData traces)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Json.Format(traces))!;
        foreach (var rs in json["resourceSpans"]?.AsArray() ?? [])
        {
            foreach (var ss in rs!["scopeSpans"]?.AsArray() ?? [])
            {
                foreach (var span in ss!["spans"]?.AsArray() ?? [])
                {
                    foreach (var field in new[] { "traceId", "spanId", "parentSpanId" })
                    {
                        if (span![field] is { } id)
                        {
                            span[field] = Convert.ToHexStringLower(Convert.FromBase64String(id.GetValue<string>()));
                        }
                    }
                }
            }
        }

        return json.ToJsonString();
    }

    /// <summary>A PushBytesRequest with one Trace per trace id, as Tempo's distributor writes it.</summary>
    public static PushBytesRequest ToPushBytes(TracesData traces)
    {
        var byTrace = new Dictionary<ByteString, Trace>();
        foreach (var rs in traces.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var span in ss.Spans)
                {
                    if (!byTrace.TryGetValue(span.TraceId, out var trace))
                    {
                        trace = new Trace();
                        byTrace.Add(span.TraceId, trace);
                    }

                    var copy = new ResourceSpans { Resource = rs.Resource, SchemaUrl = rs.SchemaUrl };
                    copy.ScopeSpans.Add(new ScopeSpans { Scope = ss.Scope, Spans = { span } });
                    trace.ResourceSpans.Add(copy);
                }
            }
        }

        var request = new PushBytesRequest();
        foreach (var (id, trace) in byTrace)
        {
            request.Traces.Add(trace.ToByteString());
            request.Ids.Add(id);
        }

        return request;
    }
}
