namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Codec <c>push-bytes</c>: a Tempo 3.x ingest record. The key is the tenant; the value is a <c>tempopb.PushBytesRequest</c>
/// whose field 2 holds encoded <c>tempopb.Trace</c> messages (laid out as OTLP TracesData), field 3 the trace ids and
/// field 5 the skipMetricsGeneration flag.
/// </summary>
public sealed class PushBytesDecoder : ISpanBatchDecoder
{
    private const int TracesField = 2;
    private const int IdsField = 3;
    private const int SkipMetricsGenerationField = 5;

    public string Codec => Codecs.PushBytes;

    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset();
        if (key.IsEmpty)
        {
            return DecodeResult.Fail(DecodeFailureReasons.MissingTenant, "the record key (tenant) is empty");
        }

        var result = DecodeRequest(value, batch);
        if (!result.Success)
        {
            batch.Reset();
            return result;
        }

        batch.Tenant = batch.Strings.Get(key);
        return result;
    }

    private static DecodeResult DecodeRequest(ReadOnlySpan<byte> value, SpanBatch batch)
    {
        var reader = new ProtoReader(value, 0, value.Length);
        var skip = false;
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            switch (field)
            {
                case TracesField:
                    if (!reader.Expect(wireType, ProtoWireType.LengthDelimited, field) || !reader.TryReadLengthDelimited(out var trace))
                    {
                        return reader.Failure;
                    }

                    // Each trace is appended to the buffer and walked there, so its ranges are batch ranges.
                    var offset = batch.AppendBuffer(value.Slice(trace.Offset, trace.Length));
                    var result = OtlpTraceWalker.Walk(batch, offset, offset + trace.Length);
                    if (!result.Success)
                    {
                        return result;
                    }

                    break;
                case IdsField:
                    if (!reader.Expect(wireType, ProtoWireType.LengthDelimited, field) || !reader.TrySkip(wireType))
                    {
                        return reader.Failure;
                    }

                    break;
                case SkipMetricsGenerationField:
                    if (!reader.Expect(wireType, ProtoWireType.Varint, field) || !reader.TryReadVarint(out var flag))
                    {
                        return reader.Failure;
                    }

                    skip = flag != 0;
                    break;
                default:
                    if (!reader.TrySkip(wireType))
                    {
                        return reader.Failure;
                    }

                    break;
            }
        }

        batch.SkipMetricsGeneration = skip;
        return DecodeResult.Ok;
    }
}
