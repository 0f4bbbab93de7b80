using System.Buffers;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>A growable byte buffer with the varint writer the chunk codec needs.</summary>
internal sealed class ArrayBufferWriterStream
{
    private readonly ArrayBufferWriter<byte> _writer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _writer.WrittenSpan;

    public void Write(ReadOnlySpan<byte> bytes) => _writer.Write(bytes);

    public void WriteByte(byte b)
    {
        _writer.GetSpan(1)[0] = b;
        _writer.Advance(1);
    }

    public void WriteVarint(ulong value)
    {
        var span = _writer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _writer.Advance(i);
    }
}
