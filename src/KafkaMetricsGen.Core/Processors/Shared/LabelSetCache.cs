using System.Runtime.CompilerServices;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// Remembers finished label sets by the identity of their input values. A processor adds the same label names in the
/// same order for every span, so the finished set is a function of the value vector alone; span data reaches the
/// processor as interned strings (<see cref="Ingest.Utf8StringCache"/>), so a repeated vector is the same references.
/// A hit therefore skips truncation, sorting, UTF-8 validation and hashing. A miss (new values, or a value that was
/// re-decoded into a new string) simply builds the set again, so identity can only cost time, never correctness.
/// Direct-mapped and fixed-size: memory is bounded, and only misses allocate.
/// </summary>
public sealed class LabelSetCache
{
    private readonly LabelBuilder _builder;
    private readonly string[] _names;
    private readonly string[] _values;
    private readonly Entry?[] _entries;
    private readonly int _mask;

    /// <param name="builder">The registry's builder, used on a miss (it applies the registry's limits).</param>
    /// <param name="names">The label names in order of addition; later names win over earlier equal ones.</param>
    /// <param name="capacityPowerOfTwo">log2 of the number of cached sets.</param>
    public LabelSetCache(LabelBuilder builder, string[] names, int capacityPowerOfTwo = 12)
    {
        _builder = builder;
        _names = names;
        _values = new string[names.Length];
        Array.Fill(_values, string.Empty);
        _entries = new Entry?[1 << capacityPowerOfTwo];
        _mask = _entries.Length - 1;
    }

    /// <summary>The value slots, one per name; the caller sets every slot before <see cref="TryGet"/> ("" = absent).</summary>
    public Span<string> Values => _values;

    /// <summary>The finished set for the current values; false when the registry's builder refuses it (invalid UTF-8).</summary>
    public bool TryGet(out LabelSet labels)
    {
        var values = _values;
        var hash = 17;
        foreach (var v in values)
        {
            hash = (hash * 31) + RuntimeHelpers.GetHashCode(v);
        }

        var entry = _entries[hash & _mask];
        if (entry is not null && entry.Hash == hash && SameReferences(entry.Inputs, values))
        {
            labels = entry.Labels;
            return entry.Valid;
        }

        return Build(hash, out labels);
    }

    private static bool SameReferences(string[] cached, string[] current)
    {
        for (var i = 0; i < current.Length; i++)
        {
            if (!ReferenceEquals(cached[i], current[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool Build(int hash, out LabelSet labels)
    {
        _builder.Clear();
        for (var i = 0; i < _names.Length; i++)
        {
            _builder.Add(_names[i], _values[i]);
        }

        var valid = _builder.TryBuild(out var built);
        if (valid)
        {
            // The builder's arrays are reused on the next call; the cached set needs its own.
            built = new LabelSet(built.Names.ToArray(), built.Values.ToArray(), built.Count, built.Hash);
        }

        _entries[hash & _mask] = new Entry(hash, (string[])_values.Clone(), built, valid);
        labels = built;
        return valid;
    }

    private sealed record Entry(int Hash, string[] Inputs, LabelSet Labels, bool Valid);
}
