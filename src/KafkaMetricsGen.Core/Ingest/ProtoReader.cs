using System.Buffers.Binary;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// A forward-only protobuf field reader over <c>buffer[start..end)</c> that allocates nothing. Positions and ranges are
/// absolute offsets into the buffer, so they are batch ranges directly. Every read either consumes bytes or fails, so a
/// loop over a reader always ends. A failed read records its reason once (<see cref="Failure"/>) and returns false.
/// </summary>
internal ref struct ProtoReader
{
    /// <summary>Group nesting Google.Protobuf also refuses to go beyond.</summary>
    public const int MaxGroupDepth = 100;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _end;
    private int _position;
    private DecodeResult _failure;

    public ProtoReader(ReadOnlySpan<byte> buffer, int start, int end)
    {
        _buffer = buffer;
        _position = start;
        _end = end;
    }

    public ProtoReader(ReadOnlySpan<byte> buffer, ByteRange range)
        : this(buffer, range.Offset, range.Offset + range.Length)
    {
    }

    public readonly bool HasMore => _position < _end;

    public readonly int Position => _position;

    /// <summary>Why the last read failed; <see cref="DecodeResult.Ok"/> while nothing failed.</summary>
    public readonly DecodeResult Failure => _failure;

    public bool TryReadTag(out int field, out ProtoWireType wireType)
    {
        field = 0;
        wireType = default;
        if (!TryReadVarint(out var tag))
        {
            return false;
        }

        if (tag > uint.MaxValue || (tag >> 3) == 0)
        {
            return Fail(DecodeFailureReasons.InvalidMessage, $"invalid field tag {tag} at offset {_position}");
        }

        var type = (int)(tag & 7);
        if (type > (int)ProtoWireType.Fixed32)
        {
            return Fail(DecodeFailureReasons.InvalidMessage, $"invalid wire type {type} at offset {_position}");
        }

        field = (int)(tag >> 3);
        wireType = (ProtoWireType)type;
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        if (_position < _end && _buffer[_position] < 0x80)
        {
            value = _buffer[_position++];
            return true;
        }

        value = 0;
        var shift = 0;
        for (var i = 0; i < 10; i++)
        {
            if (_position >= _end)
            {
                return Fail(DecodeFailureReasons.Truncated, $"varint runs past the end at offset {_position}");
            }

            var b = _buffer[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }

            shift += 7;
        }

        return Fail(DecodeFailureReasons.InvalidMessage, $"varint longer than 10 bytes at offset {_position}");
    }

    public bool TryReadFixed64(out ulong value)
    {
        if (_end - _position < 8)
        {
            value = 0;
            return Fail(DecodeFailureReasons.Truncated, $"fixed64 runs past the end at offset {_position}");
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return true;
    }

    public bool TryReadFixed32(out uint value)
    {
        if (_end - _position < 4)
        {
            value = 0;
            return Fail(DecodeFailureReasons.Truncated, $"fixed32 runs past the end at offset {_position}");
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return true;
    }

    /// <summary>Reads the payload of a length-delimited field as an absolute range, and moves past it.</summary>
    public bool TryReadLengthDelimited(out ByteRange range)
    {
        range = default;
        if (!TryReadVarint(out var length))
        {
            return false;
        }

        if (length > int.MaxValue)
        {
            return Fail(DecodeFailureReasons.InvalidMessage, $"length {length} out of range at offset {_position}");
        }

        if ((int)length > _end - _position)
        {
            return Fail(DecodeFailureReasons.Truncated, $"length {length} runs past the end at offset {_position}");
        }

        range = new ByteRange(_position, (int)length);
        _position += (int)length;
        return true;
    }

    /// <summary>Skips the value of a field whose tag was just read.</summary>
    public bool TrySkip(ProtoWireType wireType)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                return TryReadVarint(out _);
            case ProtoWireType.Fixed64:
                return TryReadFixed64(out _);
            case ProtoWireType.LengthDelimited:
                return TryReadLengthDelimited(out _);
            case ProtoWireType.Fixed32:
                return TryReadFixed32(out _);
            case ProtoWireType.StartGroup:
                return TrySkipGroup();
            default:
                return Fail(DecodeFailureReasons.InvalidMessage, $"unexpected end-group at offset {_position}");
        }
    }

    /// <summary>Fails with <see cref="DecodeFailureReasons.WrongWireType"/> unless the field has the expected wire type.</summary>
    public bool Expect(ProtoWireType actual, ProtoWireType expected, int field)
    {
        if (actual == expected)
        {
            return true;
        }

        return Fail(DecodeFailureReasons.WrongWireType, $"field {field} has wire type {actual}, expected {expected} (offset {_position})");
    }

    public bool Fail(string reason, string detail)
    {
        if (_failure.Success)
        {
            _failure = DecodeResult.Fail(reason, detail);
        }

        return false;
    }

    // Groups are deprecated and never appear in OTLP, but an unknown field may still be one; nesting is bounded.
    private bool TrySkipGroup()
    {
        var depth = 1;
        while (depth > 0)
        {
            if (!HasMore)
            {
                return Fail(DecodeFailureReasons.Truncated, $"group runs past the end at offset {_position}");
            }

            if (!TryReadTag(out _, out var wireType))
            {
                return false;
            }

            if (wireType == ProtoWireType.StartGroup)
            {
                if (++depth > MaxGroupDepth)
                {
                    return Fail(DecodeFailureReasons.InvalidMessage, $"groups nested deeper than {MaxGroupDepth}");
                }
            }
            else if (wireType == ProtoWireType.EndGroup)
            {
                depth--;
            }
            else if (!TrySkip(wireType))
            {
                return false;
            }
        }

        return true;
    }
}
