namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Picks the few frames of one proxy direction that need more than forwarding. The pump shows it each frame's
/// prefix; frames it does not want stream through in chunks, so only wanted frames are ever held whole.
/// </summary>
internal interface IKafkaFrameInspector
{
    /// <summary>Bytes of the frame start (size field included) <see cref="Wants"/> looks at.</summary>
    int PrefixLength { get; }

    /// <summary>Whether the frame starting with this prefix goes to <see cref="HandleAsync"/>; must not change state.</summary>
    bool Wants(ReadOnlySpan<byte> prefix);

    /// <summary>Handles a whole wanted frame; it writes to <paramref name="destination"/> whatever should go on.</summary>
    ValueTask HandleAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken);
}
