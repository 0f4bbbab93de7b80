using System.Buffers.Binary;
using System.Text;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>Reads what <see cref="WireWriter"/> wrote; every read returns false instead of throwing on short or bad input.</summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public readonly bool AtEnd => _pos == _data.Length;

    public bool Byte(out byte value)
    {
        if (_pos >= _data.Length)
        {
            value = 0;
            return false;
        }

        value = _data[_pos++];
        return true;
    }

    public bool VarUInt(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length)
            {
                return false;
            }

            var b = _data[_pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public bool VarInt(out long value)
    {
        var ok = VarUInt(out var raw);
        value = (long)(raw >> 1) ^ -(long)(raw & 1);
        return ok;
    }

    public bool Count(out int value, int max = 1 << 24)
    {
        var ok = VarUInt(out var raw);
        value = (int)Math.Min(raw, int.MaxValue);
        return ok && raw <= (ulong)max;
    }

    public bool Fixed64(out ulong value)
    {
        if (_data.Length - _pos < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_pos..]);
        _pos += 8;
        return true;
    }

    public bool Double(out double value)
    {
        var ok = Fixed64(out var bits);
        value = BitConverter.UInt64BitsToDouble(bits);
        return ok;
    }

    public bool String(out string value)
    {
        value = string.Empty;
        if (!Count(out var length) || _data.Length - _pos < length)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(_data.Slice(_pos, length));
        _pos += length;
        return true;
    }
}
