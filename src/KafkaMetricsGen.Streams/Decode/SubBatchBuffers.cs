using System.Buffers;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Ingest;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// One growing <see cref="SubBatchFrame"/> per trace partition. The decode stage appends each input record's sub-batches
/// and sends a frame when it reaches the size bound or when the task commits, so records downstream carry the spans of
/// many input records.
/// </summary>
/// <remarks>
/// A partition's frame takes fixed-size chunks from a <see cref="FrameBufferPool"/> (the process-wide one unless given)
/// as it fills and gives them back when it is sent or dropped (<see cref="FrameChunks"/>).
/// </remarks>
public sealed class SubBatchBuffers
{
    private readonly FrameChunks?[] _frames;
    private readonly FrameBufferPool _pool;

    public SubBatchBuffers(int partitions, int maxFrameBytes, int maxRecordBytes = DecodeDefaults.MaxInternalRecordBytes, FrameBufferPool? pool = null)
    {
        _pool = pool ?? FrameBufferPool.Shared;
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 1);
        MaxFrameBytes = maxFrameBytes;
        MaxRecordBytes = maxRecordBytes;
        _frames = new FrameChunks?[partitions];
    }

    public int Partitions => _frames.Length;

    /// <summary>The size at which a frame reports full.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>The largest record the frames may be sent in, padding included (see <see cref="FrameArrays"/>).</summary>
    public int MaxRecordBytes { get; }

    public bool HasData(int partition) => _frames[partition] is { WrittenCount: > 0 };

    /// <summary>
    /// Appends a sub-batch for <paramref name="partition"/> with what <paramref name="projection"/> keeps (everything
    /// when null); true when that frame is full and should be sent.
    /// </summary>
    public bool Append(int partition, SpanBatch batch, ReadOnlySpan<int> spanIndices, SpanProjection? projection = null)
    {
        var frame = _frames[partition] ??= new FrameChunks(_pool);
        if (frame.WrittenCount == 0)
        {
            SubBatchFrame.Begin(frame);
        }

        SubBatchFrame.Append(frame, batch, spanIndices, projection);
        return frame.WrittenCount >= MaxFrameBytes;
    }

    /// <summary>
    /// Appends the sub-batches of <paramref name="partition"/> (the frame without its version byte) to a frame being
    /// assembled in <paramref name="destination"/>; the buffer starts over.
    /// </summary>
    public void MoveSubBatchesTo(int partition, ArrayBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_frames[partition] is not { } frame)
        {
            return;
        }

        if (frame.WrittenCount > 1)
        {
            frame.CopyTo(destination, skip: 1);
        }

        Release(partition);
    }

    /// <summary>Drops every buffered sub-batch (a task closed without committing them).</summary>
    public void Clear()
    {
        for (var p = 0; p < _frames.Length; p++)
        {
            Release(p);
        }
    }

    /// <summary>The frame of <paramref name="partition"/> as a record value; the buffer starts over.</summary>
    public byte[] Take(int partition)
    {
        if (_frames[partition] is not { } frame)
        {
            return [];
        }

        var value = frame.ToArray();
        Release(partition);
        return value;
    }

    private void Release(int partition)
    {
        if (_frames[partition] is not { } frame)
        {
            return;
        }

        frame.Release();
    }
}
