namespace KafkaMetricsGen.Core.Ingest;

internal static partial class OtlpTraceWalker
{
    private static DecodeResult WalkKeyValue(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message)
    {
        if (TryAddCommonKeyValue(batch, buffer, message))
        {
            return DecodeResult.Ok;
        }

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

    // Most attributes are a short key then a value with one string, int or bool: read that exact layout without a
    // general field loop; anything else (long keys, other kinds, extra or reordered fields) takes the general path.
    private static bool TryAddCommonKeyValue(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message)
    {
        var p = message.Offset;
        var end = p + message.Length;
        if (message.Length < 6 || buffer[p] != 0x0A || buffer[p + 1] >= 0x80)
        {
            return false;
        }

        var key = new ByteRange(p + 2, buffer[p + 1]);
        p = key.Offset + key.Length;
        if (p + 4 > end || buffer[p] != 0x12 || buffer[p + 1] >= 0x80 || p + 2 + buffer[p + 1] != end)
        {
            return false;
        }

        p += 2;
        switch (buffer[p])
        {
            case 0x0A when buffer[p + 1] < 0x80 && p + 2 + buffer[p + 1] == end:
                batch.AddAttribute(new AttributeRef(key, AnyValueKind.String, new ByteRange(p + 2, buffer[p + 1]), 0, 0));
                return true;
            case 0x18:
            case 0x10:
                var reader = new ProtoReader(buffer, p + 1, end);
                if (!reader.TryReadVarint(out var raw) || reader.HasMore)
                {
                    return false;
                }

                var isBool = buffer[p] == 0x10;
                batch.AddAttribute(new AttributeRef(key, isBool ? AnyValueKind.Bool : AnyValueKind.Int, default, isBool ? (raw != 0 ? 1 : 0) : (long)raw, 0));
                return true;
            default:
                return false;
        }
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
