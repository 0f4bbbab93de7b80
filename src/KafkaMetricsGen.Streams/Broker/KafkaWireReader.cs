using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Reads Kafka's primitive types from a frame, big-endian, with both the classic (int16/int32 lengths) and the
/// flexible (unsigned varint length + 1) encodings. A short read throws <see cref="InvalidDataException"/> naming
/// the message and the field, so a malformed request says where it broke.
/// </summary>
internal ref struct KafkaWireReader
{
    private const int MaxVarintBytes = 5;
    private const int VarintPayloadBits = 7;
    private const byte VarintContinuation = 0x80;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _message;
    private int _position;

    public KafkaWireReader(ReadOnlySpan<byte> data, string message)
    {
        _data = data;
        _message = message;
    }

    public readonly int Remaining => _data.Length - _position;

    /// <summary>Bytes read so far.</summary>
    public readonly int Position => _position;

    public sbyte ReadInt8(string field) => (sbyte)Take(1, field)[0];

    /// <summary>The next <paramref name="count"/> bytes as they are.</summary>
    public ReadOnlySpan<byte> ReadRaw(int count, string field) => Take(count, field);

    public short ReadInt16(string field) => BinaryPrimitives.ReadInt16BigEndian(Take(sizeof(short), field));

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32BigEndian(Take(sizeof(int), field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64BigEndian(Take(sizeof(long), field));

    public bool ReadBoolean(string field) => Take(1, field)[0] != 0;

    public uint ReadUnsignedVarint(string field)
    {
        uint value = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            var b = Take(1, field)[0];
            value |= (uint)(b & ~VarintContinuation) << (i * VarintPayloadBits);
            if ((b & VarintContinuation) == 0)
            {
                return value;
            }
        }

        throw Malformed(field, "varint longer than 5 bytes");
    }

    /// <summary>A string that must not be null, in the classic or the flexible encoding.</summary>
    public string ReadString(string field, bool flexible) =>
        ReadNullableString(field, flexible) ?? throw Malformed(field, "null where a string is required");

    public string? ReadNullableString(string field, bool flexible)
    {
        var length = flexible ? (long)ReadUnsignedVarint(field) - 1 : ReadInt16(field);
        if (length < 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(Take(length, field));
    }

    /// <summary>An array's element count; -1 stands for a null array.</summary>
    public int ReadArrayLength(string field, bool flexible)
    {
        var length = flexible ? (long)ReadUnsignedVarint(field) - 1 : ReadInt32(field);

        // Every element takes at least one byte, so a count beyond the bytes left is corrupt, not just large.
        if (length > Remaining)
        {
            throw Malformed(field, string.Create(CultureInfo.InvariantCulture, $"array of {length} elements in {Remaining} bytes"));
        }

        return (int)length;
    }

    /// <summary>Skips a flexible version's tagged-field section; no field the proxy needs is tagged.</summary>
    public void SkipTaggedFields(string field)
    {
        var count = ReadUnsignedVarint(field);
        for (var i = 0u; i < count; i++)
        {
            _ = ReadUnsignedVarint(field);
            _ = Take(ReadUnsignedVarint(field), field);
        }
    }

    private ReadOnlySpan<byte> Take(long count, string field)
    {
        if (count > Remaining)
        {
            throw Malformed(field, string.Create(CultureInfo.InvariantCulture, $"truncated: needs {count} bytes, {Remaining} left"));
        }

        var span = _data.Slice(_position, (int)count);
        _position += (int)count;
        return span;
    }

    private readonly InvalidDataException Malformed(string field, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{_message}: {field} at byte {_position}: {problem}."));
}
