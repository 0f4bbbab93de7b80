using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// One trace partition's frame of sub-batches, written into fixed-size chunks from a <see cref="FrameBufferPool"/>: a
/// frame never grows a buffer (a grown one was copied and dropped, past 85 KB on the large-object heap), and every chunk
/// fits any frame, so the chunks a sent frame returns serve the next frames of every task. Every chunk but the last is
/// full. A write that does not fit the last chunk's room goes to a scratch buffer of the thread first and is then spread
/// over the chunks.
/// </summary>
/// <remarks>A stream thread runs its tasks' processors one at a time, so one scratch buffer per thread serves all.</remarks>
public sealed class FrameChunks(FrameBufferPool pool) : IBufferWriter<byte>
{
    [ThreadStatic]
    private static byte[]? t_scratch;

    private readonly List<byte[]> _chunks = [];
    private int _lastUsed;
    private bool _scratchPending;

    /// <summary>Bytes written since the frame started.</summary>
    public int WrittenCount { get; private set; }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var (array, offset) = Room(sizeHint);
        if (_scratchPending)
        {
            return array.AsSpan(offset);
        }

        // The room of the last chunk, whose length is the pool's: the chunk's header, often out of cache as the frames of
        // many partitions take turns, is not read.
        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), offset), pool.ChunkBytes - offset);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var (array, offset) = Room(sizeHint);
        return array.AsMemory(offset);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!_scratchPending)
        {
            _lastUsed += count;
            WrittenCount += count;
            return;
        }

        _scratchPending = false;
        ReadOnlySpan<byte> rest = t_scratch.AsSpan(0, count);
        var chunkBytes = pool.ChunkBytes;
        while (!rest.IsEmpty)
        {
            if (_chunks.Count == 0 || _lastUsed == chunkBytes)
            {
                _chunks.Add(pool.Rent());
                _lastUsed = 0;
            }

            var room = Math.Min(chunkBytes - _lastUsed, rest.Length);
            rest[..room].CopyTo(_chunks[^1].AsSpan(_lastUsed));
            _lastUsed += room;
            rest = rest[room..];
        }

        WrittenCount += count;
    }

    /// <summary>Writes the frame's bytes, the first <paramref name="skip"/> left out, to <paramref name="destination"/>.</summary>
    public void CopyTo(IBufferWriter<byte> destination, int skip = 0)
    {
        ArgumentNullException.ThrowIfNull(destination);
        for (var i = 0; i < _chunks.Count; i++)
        {
            var used = i == _chunks.Count - 1 ? _lastUsed : pool.ChunkBytes;
            var take = Math.Max(0, used - skip);
            if (take > 0)
            {
                destination.Write(_chunks[i].AsSpan(used - take, take));
            }

            skip = Math.Max(0, skip - used);
        }
    }

    /// <summary>The frame's bytes in an array of their own.</summary>
    public byte[] ToArray()
    {
        var value = new byte[WrittenCount];
        var at = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var used = i == _chunks.Count - 1 ? _lastUsed : pool.ChunkBytes;
            _chunks[i].AsSpan(0, used).CopyTo(value.AsSpan(at));
            at += used;
        }

        return value;
    }

    /// <summary>
    /// Where the next write of at least <paramref name="sizeHint"/> bytes goes: the last chunk's room (a new chunk when
    /// the last is full), else the thread's scratch buffer.
    /// </summary>
    private (byte[] Array, int Offset) Room(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        var chunkBytes = pool.ChunkBytes;
        if ((_chunks.Count == 0 || _lastUsed == chunkBytes) && sizeHint <= chunkBytes)
        {
            _chunks.Add(pool.Rent());
            _lastUsed = 0;
        }

        if (_chunks.Count > 0 && chunkBytes - _lastUsed >= sizeHint)
        {
            _scratchPending = false;
            return (_chunks[^1], _lastUsed);
        }

        _scratchPending = true;
        if (t_scratch is null || t_scratch.Length < sizeHint)
        {
            t_scratch = new byte[Math.Max(sizeHint, 2 * chunkBytes)];
        }

        return (t_scratch, 0);
    }

    /// <summary>Gives every chunk back to the pool; the frame starts over, empty.</summary>
    public void Release()
    {
        foreach (var chunk in _chunks)
        {
            pool.Return(chunk);
        }

        _chunks.Clear();
        _lastUsed = 0;
        _scratchPending = false;
        WrittenCount = 0;
    }
}
