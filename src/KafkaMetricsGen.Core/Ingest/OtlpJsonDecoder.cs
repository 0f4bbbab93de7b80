using System.Text.Json;
using Google.Protobuf;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Codec <c>otlp_json</c>: OTLP/JSON as the OpenTelemetry specification defines it (hex ids, camelCase or snake_case
/// keys, enums as numbers or names, 64-bit integers as strings or numbers) and Tempo's jsonpb variant (base64 ids,
/// enum names, top-level <c>resourceSpans</c> or <c>batches</c>). The JSON becomes OTLP objects, then protobuf bytes
/// walked by the same code as <see cref="OtlpProtoDecoder"/>, so sizes and fields match the protobuf path exactly.
/// JSON is the slow, convenient input; this path allocates per span.
/// </summary>
public sealed class OtlpJsonDecoder : ISpanBatchDecoder
{
    /// <summary>Deepest JSON nesting accepted (nested array/kvlist attribute values count).</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    private readonly OtlpProtoDecoder _proto = new();

    public string Codec => Codecs.OtlpJson;

    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        byte[] encoded;
        try
        {
            // JsonDocument needs memory, not a span; JSON input is not the hot path.
            using var document = JsonDocument.Parse(value.ToArray(), DocumentOptions);
            encoded = OtlpJsonMapper.Map(document.RootElement).ToByteArray();
        }
        catch (JsonException e)
        {
            batch.Reset();
            return DecodeResult.Fail(DecodeFailureReasons.BadJson, e.Message);
        }
        catch (FormatException e)
        {
            batch.Reset();
            return DecodeResult.Fail(DecodeFailureReasons.BadJson, e.Message);
        }
        catch (InvalidOperationException e)
        {
            batch.Reset();
            return DecodeResult.Fail(DecodeFailureReasons.BadJson, e.Message);
        }

        return _proto.Decode(key, encoded, batch);
    }
}
