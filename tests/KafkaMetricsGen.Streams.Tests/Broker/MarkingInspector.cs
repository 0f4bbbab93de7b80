using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>Wants frames of one api key; records each and forwards it behind a one-byte marker.</summary>
internal sealed class MarkingInspector(short apiKey) : IKafkaFrameInspector
{
    public const byte Marker = 0xEE;

    public List<byte[]> Handled { get; } = [];

    /// <summary>The arrays the pump handed the frames over in.</summary>
    public List<byte[]> Buffers { get; } = [];

    public int PrefixLength => 4 + 8;

    public bool Wants(ReadOnlySpan<byte> prefix) => BinaryPrimitives.ReadInt16BigEndian(prefix[4..]) == apiKey;

    public async ValueTask HandleAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken)
    {
        Handled.Add(frame.ToArray());
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame, out var segment) && segment.Array is { } array)
        {
            Buffers.Add(array);
        }

        await destination.WriteAsync(new[] { Marker }, cancellationToken);
        await destination.WriteAsync(frame, cancellationToken);
    }
}
