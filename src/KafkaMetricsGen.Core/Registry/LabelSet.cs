namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// A finished label set: names sorted, unique, values non-empty and valid UTF-8. It borrows the arrays of the
/// <see cref="LabelBuilder"/> that made it and is valid until that builder is reused; a registry copies it only when
/// it creates a new series. <see cref="Hash"/> is stable across processes (FNV-1a over names and values).
/// </summary>
public readonly struct LabelSet
{
    private readonly string[] _names;
    private readonly string[] _values;

    public LabelSet(string[] names, string[] values, int count, ulong hash, SeriesMemo? memo = null)
    {
        _names = names;
        _values = values;
        Count = count;
        Hash = hash;
        Memo = memo;
    }

    public int Count { get; }

    public ulong Hash { get; }

    /// <summary>Set only on a set whose arrays never change: where a registry remembers the deltas it reached.</summary>
    public SeriesMemo? Memo { get; }

    public ReadOnlySpan<string> Names => _names.AsSpan(0, Count);

    public ReadOnlySpan<string> Values => _values.AsSpan(0, Count);

    /// <summary>True when both sets hold the same pairs (used after a hash match).</summary>
    public bool SameAs(ReadOnlySpan<string> names, ReadOnlySpan<string> values)
    {
        if (names.Length != Count || values.Length != Count)
        {
            return false;
        }

        for (var i = 0; i < Count; i++)
        {
            if (!string.Equals(_names[i], names[i], StringComparison.Ordinal) || !string.Equals(_values[i], values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Computes the stable hash of a label set.</summary>
    public static ulong ComputeHash(ReadOnlySpan<string> names, ReadOnlySpan<string> values)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var c in names[i])
            {
                hash = (hash ^ c) * prime;
            }

            hash = (hash ^ 0xFFFF) * prime;
            foreach (var c in values[i])
            {
                hash = (hash ^ c) * prime;
            }

            hash = (hash ^ 0xFFFE) * prime;
        }

        return hash;
    }
}
