using System.Buffers.Binary;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>A 16-byte trace id held as two big-endian halves, so it is a value and hashes without allocating.</summary>
public readonly record struct TraceId(ulong High, ulong Low)
{
    public static TraceId Empty => default;

    public bool IsEmpty => High == 0 && Low == 0;

    /// <summary>Reads 16 bytes; any other length is not a trace id.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out TraceId id)
    {
        if (bytes.Length != 16)
        {
            id = default;
            return false;
        }

        id = new TraceId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>32 lowercase hex digits.</summary>
    public string ToHex() => High.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + Low.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => ToHex();
}
