using System.Buffers.Binary;
using System.Text;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>Builds Kafka frames byte by byte for tests, in both the classic and the flexible encodings.</summary>
internal sealed class KafkaFrameBuilder
{
    private readonly List<byte> _bytes = [];

    public KafkaFrameBuilder Int8(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public KafkaFrameBuilder Int16(short value) => Raw(b => BinaryPrimitives.WriteInt16BigEndian(b, value), sizeof(short));

    public KafkaFrameBuilder Int32(int value) => Raw(b => BinaryPrimitives.WriteInt32BigEndian(b, value), sizeof(int));

    public KafkaFrameBuilder Int64(long value) => Raw(b => BinaryPrimitives.WriteInt64BigEndian(b, value), sizeof(long));

    public KafkaFrameBuilder Varint(uint value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }

    public KafkaFrameBuilder String(string? value, bool flexible)
    {
        if (value is null)
        {
            return flexible ? Varint(0) : Int16(-1);
        }

        var utf8 = Encoding.UTF8.GetBytes(value);
        _ = flexible ? Varint((uint)utf8.Length + 1) : Int16((short)utf8.Length);
        _bytes.AddRange(utf8);
        return this;
    }

    public KafkaFrameBuilder Bytes(ReadOnlySpan<byte> value)
    {
        _bytes.AddRange(value);
        return this;
    }

    public KafkaFrameBuilder ArrayLength(int count, bool flexible) => flexible ? Varint((uint)count + 1) : Int32(count);

    /// <summary>A tagged-field section; with <paramref name="withUnknownTag"/> it holds one tag a reader must skip.</summary>
    public KafkaFrameBuilder Tags(bool withUnknownTag = false)
    {
        if (!withUnknownTag)
        {
            return Varint(0);
        }

        return Varint(1).Varint(7).Varint(3).Int8(0xAA).Int8(0xBB).Int8(0xCC);
    }

    public KafkaFrameBuilder RequestHeader(short apiKey, short version, int correlationId, string? clientId, bool flexible, bool withUnknownTag = false)
    {
        Int16(apiKey).Int16(version).Int32(correlationId).String(clientId, flexible: false);
        return flexible ? Tags(withUnknownTag) : this;
    }

    /// <summary>The payload with its size prefix.</summary>
    public byte[] ToFrame()
    {
        var frame = new byte[4 + _bytes.Count];
        BinaryPrimitives.WriteInt32BigEndian(frame, _bytes.Count);
        _bytes.CopyTo(frame, 4);
        return frame;
    }

    private KafkaFrameBuilder Raw(Action<byte[]> write, int size)
    {
        var b = new byte[size];
        write(b);
        _bytes.AddRange(b);
        return this;
    }
}
