namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The spare arrays of consumed values (<see cref="StreamThreadConsumer"/>), by exact length, for the whole process: a
/// value processed on one stream thread lends its array to the next value of its length on any stream thread, and a new
/// stream thread (after a rebalance that replaced threads, or a new worker in the same process) starts with the arrays
/// the earlier ones let go of instead of allocating its own.
/// </summary>
/// <remarks>
/// The arrays a thread needs are those of the values in flight at once: polled and not yet processed, tens of
/// megabytes when the consumer runs ahead (about 480 input values of 22 KiB at once, or 45 frames of 272 KiB, in the
/// benchmark). The sizes spread over about 40 lengths, so a cap of 32 MB per thread was reached in both passes of the
/// benchmark, and about 30 % of a pass's values had their arrays dropped, the next values of those lengths taking new
/// ones (docs/benchmarks.md); the cap is now twice that, for the process. An array let go of past the cap is left to the
/// collector. Thread-safe: a lock per rent and return, one of each per value of at least
/// <see cref="StreamThreadConsumer.MinReusedBytes"/>.
/// </remarks>
public sealed class SpareValueArrays
{
    /// <summary>Bytes of spare arrays the process keeps at most.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private readonly Dictionary<int, Stack<byte[]>> _byLength = [];
    private readonly Lock _gate = new();
    private readonly long _maxBytes;
    private long _bytes;

    /// <param name="maxBytes">Bytes kept at most.</param>
    public SpareValueArrays(long maxBytes = MaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _maxBytes = maxBytes;
    }

    /// <summary>The process's spares, which every stream thread's consumer uses.</summary>
    public static SpareValueArrays Shared { get; } = new();

    /// <summary>Bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Spare arrays of exactly <paramref name="length"/> bytes held now.</summary>
    public int Count(int length)
    {
        lock (_gate)
        {
            return _byLength.TryGetValue(length, out var arrays) ? arrays.Count : 0;
        }
    }

    /// <summary>An array of exactly <paramref name="length"/> bytes: a spare one if any, else a new one (not cleared either way).</summary>
    public byte[] Rent(int length)
    {
        lock (_gate)
        {
            if (_byLength.TryGetValue(length, out var arrays) && arrays.TryPop(out var spare))
            {
                _bytes -= length;
                return spare;
            }
        }

        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Keeps <paramref name="array"/> for the next <see cref="Rent"/> of its length, unless that would pass the cap.</summary>
    public void Return(byte[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        lock (_gate)
        {
            if (_bytes + array.Length > _maxBytes)
            {
                return;
            }

            if (!_byLength.TryGetValue(array.Length, out var arrays))
            {
                arrays = new Stack<byte[]>();
                _byLength[array.Length] = arrays;
            }

            arrays.Push(array);
            _bytes += array.Length;
        }
    }
}
