using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Writes a prompb <c>Histogram</c> body (integer counts; positive buckets only, as spans + zigzag deltas).</summary>
internal static class NativeHistogramEncoding
{
    private const int CountInt = 1;
    private const int Sum = 3;
    private const int Schema = 4;
    private const int ZeroThreshold = 5;
    private const int ZeroCountInt = 6;
    private const int PositiveSpans = 11;
    private const int PositiveDeltas = 12;
    private const int ResetHint = 14;
    private const int Timestamp = 15;
    private const int SpanOffset = 1;
    private const int SpanLength = 2;

    public static void Write(ProtoBuffer buffer, NativeHistogramSample h)
    {
        // count and zero_count are oneofs: always written so the receiver sees integer (not float) counts.
        buffer.WriteVarintField(CountInt, h.Count);
        buffer.WriteDoubleField(Sum, h.Sum);
        buffer.WriteVarintField(Schema, ProtoBuffer.ZigZag(h.Schema));
        buffer.WriteDoubleField(ZeroThreshold, h.ZeroThreshold);
        buffer.WriteVarintField(ZeroCountInt, h.ZeroCount);

        foreach (var (offset, length) in h.PositiveSpans)
        {
            var offsetBits = ProtoBuffer.ZigZag(offset);
            buffer.WriteLengthPrefix(PositiveSpans, 2 + ProtoBuffer.VarintSize(offsetBits) + ProtoBuffer.VarintSize(length));
            buffer.WriteVarintField(SpanOffset, offsetBits);
            buffer.WriteVarintField(SpanLength, length);
        }

        if (h.PositiveDeltas.Count > 0)
        {
            var packed = 0;
            foreach (var delta in h.PositiveDeltas)
            {
                packed += ProtoBuffer.VarintSize(ProtoBuffer.ZigZag(delta));
            }

            buffer.WriteLengthPrefix(PositiveDeltas, packed);
            foreach (var delta in h.PositiveDeltas)
            {
                buffer.WriteVarint(ProtoBuffer.ZigZag(delta));
            }
        }

        if (h.ResetHint != 0)
        {
            buffer.WriteVarintField(ResetHint, (ulong)h.ResetHint);
        }

        buffer.WriteVarintField(Timestamp, (ulong)h.TimestampMs);
    }
}
