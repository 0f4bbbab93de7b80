using System.Runtime.CompilerServices;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Encoded <c>TimeSeries.labels</c> fields of recently seen (name, value) pairs, found by string identity. A registry
/// keeps one string instance per label value, and every collection repeats the same pairs across series (name,
/// service, span kind…), so most labels are copied as bytes instead of being measured and UTF-8 encoded again.
/// Direct-mapped: a colliding pair replaces the slot; when the byte arena is full the cache starts over.
/// </summary>
internal sealed class LabelEncodingCache
{
    private const int SlotCount = 8192;
    private const int ArenaBytes = 1 << 20;

    private readonly Slot[] _slots = new Slot[SlotCount];
    private readonly byte[] _arena = new byte[ArenaBytes];
    private int _used;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(string name, string value, out ReadOnlySpan<byte> encoded)
    {
        ref var slot = ref _slots[Index(name, value)];
        if (ReferenceEquals(slot.Name, name) && ReferenceEquals(slot.Value, value))
        {
            encoded = _arena.AsSpan(slot.Offset, slot.Length);
            return true;
        }

        encoded = default;
        return false;
    }

    public void Add(string name, string value, ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length > ArenaBytes / 64)
        {
            return;
        }

        if (_used + encoded.Length > ArenaBytes)
        {
            Array.Clear(_slots);
            _used = 0;
        }

        encoded.CopyTo(_arena.AsSpan(_used));
        _slots[Index(name, value)] = new Slot { Name = name, Value = value, Offset = _used, Length = encoded.Length };
        _used += encoded.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Index(string name, string value) =>
        (int)((uint)((RuntimeHelpers.GetHashCode(name) * 31) ^ RuntimeHelpers.GetHashCode(value)) % SlotCount);

    private struct Slot
    {
        public string? Name;
        public string? Value;
        public int Offset;
        public int Length;
    }
}
