using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Wire.Tempo;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace KafkaMetricsGen.TestKit.Kafka;

/// <summary>
/// A slow decoder built on the Google.Protobuf classes, for Kafka tests: it decodes all three codecs the obvious way,
/// so broker and topology tests do not depend on the byte-walking decoders they are not about.
/// </summary>
public sealed class ReferenceSpanBatchDecoder(string codec) : ISpanBatchDecoder
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public string Codec { get; } = codec;

    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            switch (Codec)
            {
                case Codecs.OtlpProto:
                    return OtlpMessageConverter.Append(batch, ExportTraceServiceRequest.Parser.ParseFrom(value).ResourceSpans);
                case Codecs.OtlpJson:
                    return OtlpMessageConverter.Append(batch, Json.Parse<ExportTraceServiceRequest>(HexIdsToBase64(value)).ResourceSpans);
                case Codecs.PushBytes:
                    if (key.IsEmpty)
                    {
                        return DecodeResult.Fail(DecodeFailureReasons.MissingTenant, "push-bytes record without a key");
                    }

                    var request = PushBytesRequest.Parser.ParseFrom(value);
                    foreach (var trace in request.Traces)
                    {
                        var result = OtlpMessageConverter.Append(batch, Trace.Parser.ParseFrom(trace).ResourceSpans);
                        if (!result.Success)
                        {
                            return result;
                        }
                    }

                    batch.Tenant = Encoding.UTF8.GetString(key);
                    batch.SkipMetricsGeneration = request.SkipMetricsGeneration;
                    return DecodeResult.Ok;
                default:
                    throw new InvalidOperationException("unknown codec " + Codec);
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            return DecodeResult.Fail(DecodeFailureReasons.InvalidMessage, e.Message);
        }
        catch (Exception e) when (e is InvalidJsonException or System.Text.Json.JsonException or FormatException or InvalidOperationException && Codec == Codecs.OtlpJson)
        {
            return DecodeResult.Fail(DecodeFailureReasons.BadJson, e.Message);
        }
    }

    // OTLP/JSON writes ids in hex where the protobuf JSON mapping expects base64.
    private static string HexIdsToBase64(ReadOnlySpan<byte> utf8)
    {
        var root = JsonNode.Parse(utf8) ?? throw new FormatException("empty JSON");
        foreach (var rs in root["resourceSpans"]?.AsArray() ?? [])
        {
            foreach (var ss in rs?["scopeSpans"]?.AsArray() ?? [])
            {
                foreach (var span in ss?["spans"]?.AsArray() ?? [])
                {
                    foreach (var field in (string[])["traceId", "spanId", "parentSpanId"])
                    {
                        if (span?[field] is { } id)
                        {
                            span[field] = Convert.ToBase64String(Convert.FromHexString(id.GetValue<string>()));
                        }
                    }
                }
            }
        }

        return root.ToJsonString();
    }
}
