using System.Buffers;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// Spare frame buffers of the decode stage (<see cref="SubBatchBuffers"/>), shared by every task and stream thread of the
/// process: a buffer grown to a frame's size serves the next frame of any task, and the tasks of a new assignment (or a
/// new worker in the same process) start with grown buffers. With 66 input tasks and 66 trace partitions per thread,
/// buffers of their own growing from empty cost a new worker about 150 bytes per span of its first million spans. The
/// pool keeps at most <see cref="MaxSpareBytes"/> of buffer capacity; a buffer returned past that is left to the
/// collector.
/// </summary>
public sealed class FrameBufferPool
{
    /// <summary>Buffer capacity a pool keeps at most unless told otherwise, the process-wide one too (bytes).</summary>
    public const long DefaultMaxSpareBytes = 128L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Stack<ArrayBufferWriter<byte>> _spare = new();
    private long _spareBytes;

    public FrameBufferPool(long maxSpareBytes = DefaultMaxSpareBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSpareBytes);
        MaxSpareBytes = maxSpareBytes;
    }

    /// <summary>The pool of the process.</summary>
    public static FrameBufferPool Shared { get; } = new();

    public long MaxSpareBytes { get; }

    /// <summary>Buffer capacity held now (bytes).</summary>
    public long SpareBytes
    {
        get
        {
            lock (_gate)
            {
                return _spareBytes;
            }
        }
    }

    /// <summary>An empty buffer: a spare one if any, else a new one.</summary>
    public ArrayBufferWriter<byte> Rent()
    {
        lock (_gate)
        {
            if (_spare.TryPop(out var buffer))
            {
                _spareBytes -= buffer.Capacity;
                return buffer;
            }
        }

        return new ArrayBufferWriter<byte>();
    }

    /// <summary>Takes a buffer back (emptied) unless the pool is full.</summary>
    public void Return(ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.ResetWrittenCount();
        lock (_gate)
        {
            if (_spareBytes + buffer.Capacity <= MaxSpareBytes)
            {
                _spare.Push(buffer);
                _spareBytes += buffer.Capacity;
            }
        }
    }
}
