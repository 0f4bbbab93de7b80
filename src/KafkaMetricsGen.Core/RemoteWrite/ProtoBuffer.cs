using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// A growable byte buffer with the few protobuf primitives remote write needs. Messages are written by computing the
/// body size first, or by reserving the length prefix and patching it once the body is written
/// (<see cref="BeginNested"/>/<see cref="EndNested"/>), so no object graph is built and no body is copied per sample.
/// </summary>
internal sealed class ProtoBuffer
{
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLength = 2;

    // Two bytes hold lengths 128..16383: every TimeSeries of realistic labels, so the body is almost never moved.
    private const int ReservedLengthBytes = 2;

    private byte[] _buffer;

    public ProtoBuffer(int capacity) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Reset() => Length = 0;

    /// <summary>Bytes from <paramref name="start"/> to <paramref name="end"/> (offsets earlier writes returned).</summary>
    public ReadOnlySpan<byte> Slice(int start, int end) => _buffer.AsSpan(start, end - start);

    /// <summary>Starts a length-delimited field whose size is not known yet; returns where its body starts.</summary>
    public int BeginNested(int field)
    {
        WriteTag(field, WireLength);
        Ensure(ReservedLengthBytes);
        Length += ReservedLengthBytes;
        return Length;
    }

    /// <summary>Writes the length of the body begun at <paramref name="bodyStart"/>, moving the body when the varint
    /// needs other than the reserved two bytes (protobuf lengths are minimal varints).</summary>
    public void EndNested(int bodyStart)
    {
        var body = Length - bodyStart;
        var size = VarintSize((uint)body);
        var prefixStart = bodyStart - ReservedLengthBytes;
        if (size != ReservedLengthBytes)
        {
            Ensure(size - ReservedLengthBytes);
            _buffer.AsSpan(bodyStart, body).CopyTo(_buffer.AsSpan(prefixStart + size));
            Length += size - ReservedLengthBytes;
        }

        var pos = prefixStart;
        var value = (uint)body;
        while (value >= 0x80)
        {
            _buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[pos] = (byte)value;
    }

    /// <summary>Drops the first <paramref name="start"/> bytes, keeping what follows at the front.</summary>
    public void DropPrefix(int start)
    {
        _buffer.AsSpan(start, Length - start).CopyTo(_buffer);
        Length -= start;
    }

    public void WriteVarintField(int field, ulong value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(value);
    }

    public void WriteSInt64Field(int field, long value) => WriteVarintField(field, ZigZag(value));

    public void WriteDoubleField(int field, double value)
    {
        Ensure(9);
        WriteTag(field, WireFixed64);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(Length), BitConverter.DoubleToInt64Bits(value));
        Length += 8;
    }

    /// <summary>Starts a length-delimited field whose body is <paramref name="bodyLength"/> bytes long.</summary>
    public void WriteLengthPrefix(int field, int bodyLength)
    {
        WriteTag(field, WireLength);
        WriteVarint((uint)bodyLength);
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> body)
    {
        WriteLengthPrefix(field, body.Length);
        WriteRaw(body);
    }

    /// <summary>Copies bytes that are already protobuf (a cached field).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Writes a string field whose UTF-8 size the caller computed with <see cref="Utf8Size"/>.</summary>
    public void WriteStringField(int field, string value, int byteCount)
    {
        WriteLengthPrefix(field, byteCount);
        Ensure(byteCount);
        Length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTag(int field, int wireType) => WriteVarint((uint)((field << 3) | wireType));

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        var buffer = _buffer;
        var pos = Length;
        while (value >= 0x80)
        {
            buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[pos++] = (byte)value;
        Length = pos;
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VarintSize(ulong value) => value < 0x80 ? 1 : (70 - System.Numerics.BitOperations.LeadingZeroCount(value)) / 7;

    /// <summary>Size of a field with a one-byte tag and a body of <paramref name="bodyLength"/> bytes.</summary>
    public static int LengthFieldSize(int bodyLength) => 1 + VarintSize((uint)bodyLength) + bodyLength;

    public static int Utf8Size(string value) => Ascii.IsValid(value) ? value.Length : Encoding.UTF8.GetByteCount(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Grow(extra);
        }
    }

    private void Grow(int extra)
    {
        var next = new byte[Math.Max(_buffer.Length * 2, Length + extra)];
        _buffer.AsSpan(0, Length).CopyTo(next);
        _buffer = next;
    }
}
