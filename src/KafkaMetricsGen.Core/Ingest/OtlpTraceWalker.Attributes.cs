namespace KafkaMetricsGen.Core.Ingest;

internal static partial class OtlpTraceWalker
{
    private static DecodeResult WalkKeyValue(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message)
    {
        ByteRange key = default, anyValue = default;
        var hasValue = false;
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out key);
                    break;
                case 2:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out anyValue);
                    hasValue = true;
                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                return reader.Failure;
            }
        }

        if (!hasValue)
        {
            batch.AddAttribute(new AttributeRef(key, AnyValueKind.Empty, default, 0, 0));
            return DecodeResult.Ok;
        }

        return WalkAnyValue(batch, buffer, key, anyValue);
    }

    // A oneof: the last member on the wire wins, as in every protobuf parser.
    private static DecodeResult WalkAnyValue(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange key, ByteRange message)
    {
        var kind = AnyValueKind.Empty;
        ByteRange value = default;
        long integer = 0;
        double real = 0;
        ulong raw = 0, bits = 0;
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            bool ok;
            switch (field)
            {
                case 2:
                case 3:
                    ok = reader.Expect(wireType, ProtoWireType.Varint, field) && reader.TryReadVarint(out raw);
                    if (ok)
                    {
                        kind = field == 2 ? AnyValueKind.Bool : AnyValueKind.Int;
                        integer = field == 2 ? (raw != 0 ? 1 : 0) : (long)raw;
                        real = 0;
                        value = default;
                    }

                    break;
                case 4:
                    ok = reader.Expect(wireType, ProtoWireType.Fixed64, field) && reader.TryReadFixed64(out bits);
                    if (ok)
                    {
                        kind = AnyValueKind.Double;
                        real = BitConverter.UInt64BitsToDouble(bits);
                        integer = 0;
                        value = default;
                    }

                    break;
                case 1:
                case 5:
                case 6:
                case 7:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out value);
                    if (ok)
                    {
                        kind = (AnyValueKind)field;
                        integer = 0;
                        real = 0;
                    }

                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                return reader.Failure;
            }
        }

        batch.AddAttribute(new AttributeRef(key, kind, value, integer, real));
        return DecodeResult.Ok;
    }
}
