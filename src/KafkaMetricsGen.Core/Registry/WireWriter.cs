using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>Little helpers for the compact binary delta and state formats: varints, fixed 64-bit values, UTF-8 strings.</summary>
internal readonly ref struct WireWriter
{
    private readonly IBufferWriter<byte> _out;

    public WireWriter(IBufferWriter<byte> output) => _out = output;

    public void Byte(byte value)
    {
        _out.GetSpan(1)[0] = value;
        _out.Advance(1);
    }

    public void VarUInt(ulong value)
    {
        var span = _out.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _out.Advance(i);
    }

    public void VarInt(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void Fixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_out.GetSpan(8), value);
        _out.Advance(8);
    }

    public void Double(double value) => Fixed64(BitConverter.DoubleToUInt64Bits(value));

    public void String(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        VarUInt((ulong)count);
        Encoding.UTF8.GetBytes(value, _out.GetSpan(count));
        _out.Advance(count);
    }
}
