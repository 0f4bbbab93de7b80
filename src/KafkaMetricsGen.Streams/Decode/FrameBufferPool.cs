namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// Spare chunks for the decode stage's frames (<see cref="FrameChunks"/>), shared by every task and stream thread of the
/// process. Every chunk has the same size, so a chunk a sent frame gives back fits any frame of any task, and the tasks
/// of a new assignment (or a new worker in the same process) start with the chunks of the last. Frames that grew buffers
/// of their own instead (one per task and trace partition: 66 × 66 per thread in the benchmark) kept growing them
/// afresh whenever the spares passed the bound, in copies up to twice a frame's size. The pool keeps at most
/// <see cref="MaxSpareBytes"/> of chunks; a chunk returned past that is left to the collector.
/// </summary>
public sealed class FrameBufferPool
{
    /// <summary>Chunks a pool keeps at most unless told otherwise, the process-wide one too (bytes).</summary>
    public const long DefaultMaxSpareBytes = 128L * 1024 * 1024;

    /// <summary>
    /// Bytes of a chunk unless told otherwise (8 KiB): below the large-object heap's 85,000 bytes, and small beside a
    /// frame's bound, so the last, partly filled chunk of each frame holds little.
    /// </summary>
    public const int DefaultChunkBytes = 8 * 1024;

    private readonly Lock _gate = new();
    private readonly Stack<byte[]> _spare = new();
    private long _spareBytes;

    public FrameBufferPool(long maxSpareBytes = DefaultMaxSpareBytes, int chunkBytes = DefaultChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSpareBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 16);
        MaxSpareBytes = maxSpareBytes;
        ChunkBytes = chunkBytes;
    }

    /// <summary>The pool of the process.</summary>
    public static FrameBufferPool Shared { get; } = new();

    public long MaxSpareBytes { get; }

    /// <summary>Bytes of every chunk the pool hands out.</summary>
    public int ChunkBytes { get; }

    /// <summary>Chunk bytes held now.</summary>
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

    /// <summary>A chunk of <see cref="ChunkBytes"/>: a spare one if any, else a new one.</summary>
    public byte[] Rent()
    {
        lock (_gate)
        {
            if (_spare.TryPop(out var chunk))
            {
                // Every spare is a chunk of this size (see Return): its length is not read, as the chunk is seldom in cache.
                _spareBytes -= ChunkBytes;
                return chunk;
            }
        }

        return new byte[ChunkBytes];
    }

    /// <summary>Takes a chunk back unless the pool is full or the chunk is not one of its size.</summary>
    public void Return(byte[] chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Length != ChunkBytes)
        {
            return;
        }

        lock (_gate)
        {
            if (_spareBytes + chunk.Length <= MaxSpareBytes)
            {
                _spare.Push(chunk);
                _spareBytes += chunk.Length;
            }
        }
    }
}
