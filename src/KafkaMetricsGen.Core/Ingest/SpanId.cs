using System.Buffers.Binary;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>An 8-byte span id held big-endian in one integer; zero means absent.</summary>
public readonly record struct SpanId(ulong Value)
{
    public bool IsEmpty => Value == 0;

    /// <summary>Reads 8 bytes; an empty input is the absent id, any other length is not a span id.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out SpanId id)
    {
        if (bytes.Length == 8)
        {
            id = new SpanId(BinaryPrimitives.ReadUInt64BigEndian(bytes));
            return true;
        }

        id = default;
        return bytes.Length == 0;
    }

    public string ToHex() => Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => ToHex();
}
