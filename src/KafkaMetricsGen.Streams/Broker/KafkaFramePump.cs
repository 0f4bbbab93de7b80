using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Moves Kafka frames from one socket to the other in large chunks, in order. Each read fills a pooled buffer with
/// whatever has arrived; the pump walks the frame boundaries in it and writes every run of unwanted frames with one
/// write, so ordinary traffic (produce, fetch) costs no allocation and no per-frame call. A frame the inspector wants
/// is gathered whole (the buffer grows only if it is larger) and handed over in its place in the stream.
/// </summary>
internal sealed class KafkaFramePump(Stream source, Stream destination, IKafkaFrameInspector inspector, int bufferBytes)
{
    private const int NeedMoreData = -1;

    /// <summary>
    /// Buffers of every pump of the process. A pump's buffer grows to the largest frame it gathers (a Produce request
    /// to many partitions: tens of MiB) and goes back when its connection ends. The shared pool keeps returned arrays
    /// in the returning thread's own slot first, where a pump continuing on another pool thread does not find them, so
    /// the pumps of each new connection grew afresh; this pool hands any returned array to any thread. It keeps at most
    /// <see cref="ArraysPerSize"/> arrays of each power-of-two size.
    /// </summary>
    internal static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(KafkaProtocol.MaxBufferedFrameBytes, ArraysPerSize);

    /// <summary>Arrays of one size <see cref="Buffers"/> keeps.</summary>
    internal const int ArraysPerSize = 4;

    private readonly Stream _source = source;
    private readonly Stream _destination = destination;
    private readonly IKafkaFrameInspector _inspector = inspector;
    private readonly int _prefixLength = inspector.PrefixLength;

    // Bytes of the current unwanted frame still to come; they are forwarded as they arrive.
    private long _passThrough;

    /// <summary>Runs until the source ends; a frame with a negative size or a wanted frame over the limit throws.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = Buffers.Rent(Math.Max(bufferBytes, _prefixLength));
        try
        {
            var filled = 0;
            while (true)
            {
                var read = await _source.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var position = 0;
                var forwardFrom = 0;
                int wanted;
                while ((wanted = ScanToWantedFrame(buffer.AsSpan(0, filled), ref position)) != NeedMoreData)
                {
                    await WriteAsync(buffer, forwardFrom, position, cancellationToken).ConfigureAwait(false);
                    await _inspector.HandleAsync(buffer.AsMemory(position, wanted), _destination, cancellationToken).ConfigureAwait(false);
                    position += wanted;
                    forwardFrom = position;
                }

                await WriteAsync(buffer, forwardFrom, position, cancellationToken).ConfigureAwait(false);
                filled = KeepRest(ref buffer, position, filled);
            }
        }
        finally
        {
            Buffers.Return(buffer);
        }
    }

    /// <summary>
    /// Advances over unwanted frames (and the part of one that has arrived); stops at a wanted frame, returning its
    /// length when it is here whole, or <see cref="NeedMoreData"/> when the data ends first.
    /// </summary>
    private int ScanToWantedFrame(ReadOnlySpan<byte> data, ref int position)
    {
        while (position < data.Length)
        {
            if (_passThrough > 0)
            {
                var take = (int)Math.Min(_passThrough, data.Length - position);
                position += take;
                _passThrough -= take;
                continue;
            }

            if (data.Length - position < _prefixLength)
            {
                return NeedMoreData;
            }

            var prefix = data.Slice(position, _prefixLength);
            var frameLength = FrameLength(prefix);
            if (!_inspector.Wants(prefix))
            {
                _passThrough = frameLength;
                continue;
            }

            if (frameLength > KafkaProtocol.MaxBufferedFrameBytes)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"A {frameLength}-byte frame is over the {KafkaProtocol.MaxBufferedFrameBytes}-byte limit for frames the proxy reads."));
            }

            return data.Length - position >= frameLength ? (int)frameLength : NeedMoreData;
        }

        return NeedMoreData;
    }

    private long FrameLength(ReadOnlySpan<byte> prefix)
    {
        var size = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (size < _prefixLength - KafkaProtocol.SizeFieldBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Frame size {size} is shorter than its header."));
        }

        return (long)KafkaProtocol.SizeFieldBytes + size;
    }

    /// <summary>
    /// Moves the unprocessed tail (part of a frame prefix or of a wanted frame) to the buffer start, growing the
    /// buffer when a wanted frame would not fit; returns the bytes now held.
    /// </summary>
    private int KeepRest(ref byte[] buffer, int position, int filled)
    {
        var rest = filled - position;
        if (rest > 0 && position > 0)
        {
            Buffer.BlockCopy(buffer, position, buffer, 0, rest);
        }

        if (_passThrough == 0 && rest >= _prefixLength)
        {
            var needed = FrameLength(buffer.AsSpan(0, _prefixLength));
            if (needed > buffer.Length)
            {
                var larger = Buffers.Rent((int)needed);
                Buffer.BlockCopy(buffer, 0, larger, 0, rest);
                Buffers.Return(buffer);
                buffer = larger;
            }
        }

        return rest;
    }

    private ValueTask WriteAsync(byte[] buffer, int from, int to, CancellationToken cancellationToken) =>
        to > from ? _destination.WriteAsync(buffer.AsMemory(from, to - from), cancellationToken) : ValueTask.CompletedTask;
}
