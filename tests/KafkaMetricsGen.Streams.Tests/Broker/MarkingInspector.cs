using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>Wants frames of one api key; records each and forwards it behind a one-byte marker.</summary>
internal sealed class MarkingInspector(short apiKey) : IKafkaFrameInspector
{
    public const byte Marker = 0xEE;

    public List<byte[]> Handled { get; } = [];

    public int PrefixLength => 4 + 8;

    public bool Wants(ReadOnlySpan<byte> prefix) => BinaryPrimitives.ReadInt16BigEndian(prefix[4..]) == apiKey;

    public async ValueTask HandleAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken)
    {
        Handled.Add(frame.ToArray());
        await destination.WriteAsync(new[] { Marker }, cancellationToken);
        await destination.WriteAsync(frame, cancellationToken);
    }
}
