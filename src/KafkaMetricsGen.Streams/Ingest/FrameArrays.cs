using System.Numerics;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The arrays the decode stage sends frames in, reused from one send to the next. A record value must be a byte[] of
/// exactly its length (Streamiz's serdes and the Confluent producer take the whole array), so a large frame is copied
/// into an array of the next of a few sizes, 16 per power of two, and the rest is a <see cref="SubBatchFrame"/> end
/// marker and zeros: at most a sixteenth of the frame is padding, and a stream thread keeps one array per size it met,
/// instead of a fresh large-object-heap array per frame. Frames below <see cref="MinPooledBytes"/> are cheap young
/// allocations and go out exactly as long as they are.
/// </summary>
/// <remarks>
/// Reusing an array once it was forwarded is safe because nothing holds it afterwards: the forward runs synchronously
/// through the topology to the producer, whose <c>Produce</c> copies the value into librdkafka before it returns, and
/// the only Streamiz path that keeps a sent value for later (a resend when the production exception handler answers
/// RETRY) is never taken: the worker's handler answers FAIL (<c>StreamFailures</c>). Not thread-safe: one per stream
/// thread, as the decode task group that owns it.
/// </remarks>
public sealed class FrameArrays
{
    /// <summary>Frames shorter than this (bytes) are sent in arrays of their own length.</summary>
    public const int MinPooledBytes = 16 * 1024;

    /// <summary>
    /// Distinct sizes kept; a frame of another size past these goes out in an array of its own. Enough for every size
    /// from <see cref="MinPooledBytes"/> to the decode stage's record bound (92 sizes up to 900,000 bytes): frames sent
    /// every flush interval take whatever size they reached, so with 24 sizes more than half of them went out in new
    /// large arrays. A thread keeps at most about 20 MB this way, and only the sizes it met.
    /// </summary>
    public const int MaxArrays = 96;

    private readonly Dictionary<int, byte[]> _arrays = [];

    /// <summary>Arrays held now.</summary>
    public int Count => _arrays.Count;

    /// <summary>
    /// A record value holding <paramref name="frame"/>: a reused padded array when the frame is large and the padded size
    /// stays within <paramref name="maxRecordBytes"/>, else a new array exactly as long. Valid until the next call.
    /// </summary>
    public byte[] Copy(ReadOnlySpan<byte> frame, int maxRecordBytes)
    {
        var size = PaddedSize(frame.Length);
        if (frame.Length < MinPooledBytes || size > maxRecordBytes)
        {
            return frame.ToArray();
        }

        if (!_arrays.TryGetValue(size, out var array))
        {
            if (_arrays.Count >= MaxArrays)
            {
                return frame.ToArray();
            }

            array = new byte[size];
            _arrays[size] = array;
        }

        frame.CopyTo(array);
        // A zero length prefix ends the frame; the zeros after it keep the record the same whatever the array held.
        array.AsSpan(frame.Length).Clear();
        return array;
    }

    /// <summary>The array size a frame of <paramref name="frameBytes"/> goes out in: room for the end marker, rounded up to a sixteenth of its power of two.</summary>
    public static int PaddedSize(int frameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameBytes);
        var needed = frameBytes + SubBatchFrame.LengthSize;
        var step = Math.Max(1024, 1 << Math.Max(0, BitOperations.Log2((uint)needed) - 4));
        return (int)(((long)needed + step - 1) / step * step);
    }
}
