using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Writes Kafka's classic (non-flexible) primitives big-endian. Used for the rare requests the proxy makes itself and
/// the fetch responses it rewrites for read_committed readers, so it favours plainness over avoiding one array per frame.
/// </summary>
internal sealed class KafkaWireWriter
{
    private const int NullLength = -1;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(sizeof(short)), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(sizeof(int)), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(sizeof(long)), value);

    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    public void WriteString(string value) => WriteNullableString(value ?? throw new ArgumentNullException(nameof(value)));

    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteInt16(NullLength);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        if (length > short.MaxValue)
        {
            throw new ArgumentException($"A Kafka string holds at most {short.MaxValue} bytes, got {length}.", nameof(value));
        }

        WriteInt16((short)length);
        Encoding.UTF8.GetBytes(value, Reserve(length));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>The bytes written so far, as one frame: a size prefix is added in front of them.</summary>
    public byte[] ToFrame()
    {
        var frame = new byte[KafkaProtocol.SizeFieldBytes + _buffer.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(frame, _buffer.WrittenCount);
        _buffer.WrittenSpan.CopyTo(frame.AsSpan(KafkaProtocol.SizeFieldBytes));
        return frame;
    }

    private Span<byte> Reserve(int count)
    {
        var span = _buffer.GetSpan(count)[..count];
        _buffer.Advance(count);
        return span;
    }
}
