using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Writes Kafka's classic (non-flexible) primitives big-endian. Used for the rare requests the proxy makes itself and
/// the fetch responses it rewrites for read_committed readers (into one writer per connection, emptied with
/// <see cref="Reset"/>, so a rewrite allocates nothing once the writer has grown to the largest response).
/// </summary>
internal sealed class KafkaWireWriter
{
    private const int NullLength = -1;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Take(sizeof(short)), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(sizeof(int)), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(sizeof(long)), value);

    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

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
        Encoding.UTF8.GetBytes(value, Take(length));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>The bytes written so far, valid until the next write or <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    /// <summary>Bytes written so far.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Starts over, keeping the buffer.</summary>
    public void Reset() => _buffer.ResetWrittenCount();

    /// <summary>Skips <paramref name="count"/> bytes to be filled in later; returns where they start.</summary>
    public int Reserve(int count)
    {
        var at = _buffer.WrittenCount;
        Take(count).Clear();
        return at;
    }

    /// <summary>Fills in an int32 at a position returned by <see cref="Reserve"/>.</summary>
    public void PatchInt32(int at, int value) => BinaryPrimitives.WriteInt32BigEndian(Patch(at, sizeof(int)), value);

    /// <summary>Fills in an int64 at a position returned by <see cref="Reserve"/>.</summary>
    public void PatchInt64(int at, long value) => BinaryPrimitives.WriteInt64BigEndian(Patch(at, sizeof(long)), value);

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>The bytes written so far, as one frame: a size prefix is added in front of them.</summary>
    public byte[] ToFrame()
    {
        var frame = new byte[KafkaProtocol.SizeFieldBytes + _buffer.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(frame, _buffer.WrittenCount);
        _buffer.WrittenSpan.CopyTo(frame.AsSpan(KafkaProtocol.SizeFieldBytes));
        return frame;
    }

    private Span<byte> Patch(int at, int count) =>
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span.Slice(at, count);

    private Span<byte> Take(int count)
    {
        var span = _buffer.GetSpan(count)[..count];
        _buffer.Advance(count);
        return span;
    }
}
