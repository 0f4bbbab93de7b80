using System.Runtime.CompilerServices;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// Remembers finished label sets by the identity of their input values. A processor adds the same label names in the
/// same order for every span, so the finished set is a function of the value vector alone; span data reaches the
/// processor as interned strings (<see cref="Ingest.Utf8StringCache"/>), so a repeated vector is the same references.
/// A hit therefore skips truncation, sorting, UTF-8 validation and hashing. A miss (new values, or a value that was
/// re-decoded into a new string) runs <see cref="TryBuildUncached"/>, the reference path, so identity can only cost
/// time, never correctness. Two-way set-associative (most recent first, so two hot vectors whose hashes share a set do
/// not evict each other) and fixed-size: memory is bounded, and only misses allocate.
/// </summary>
public sealed class LabelSetCache
{
    private readonly LabelBuilder _builder;
    private readonly string[] _names;
    private readonly string[] _values;
    private readonly Entry?[] _entries;
    private readonly int _mask;
    private readonly bool _skipEmpty;

    /// <param name="builder">The registry's builder, used on a miss (it applies the registry's limits).</param>
    /// <param name="names">The label names in order of addition; later names win over earlier equal ones.</param>
    /// <param name="capacityPowerOfTwo">log2 of the number of cached sets (at least 1: two ways).</param>
    /// <param name="skipEmptyValues">
    /// Leave out empty values instead of adding them, so a later slot whose name repeats an earlier one overrides it only
    /// when it has a value.
    /// </param>
    public LabelSetCache(LabelBuilder builder, string[] names, int capacityPowerOfTwo = 12, bool skipEmptyValues = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityPowerOfTwo, 1);
        _builder = builder;
        _names = names;
        _skipEmpty = skipEmptyValues;
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

        var set = hash & _mask & ~1;
        var entries = _entries;
        if (entries[set] is { } first && first.Hash == hash && SameReferences(first.Inputs, values))
        {
            labels = first.Labels;
            return first.Valid;
        }

        if (entries[set + 1] is { } second && second.Hash == hash && SameReferences(second.Inputs, values))
        {
            entries[set + 1] = entries[set];
            entries[set] = second;
            labels = second.Labels;
            return second.Valid;
        }

        var valid = TryBuildUncached(out var built);
        if (valid)
        {
            // The builder's arrays are reused on the next build; the cached set needs its own, which never change, so a
            // registry may remember what the set reached.
            built = new LabelSet(built.Names.ToArray(), built.Values.ToArray(), built.Count, built.Hash, new SeriesMemo());
        }

        entries[set + 1] = entries[set];
        entries[set] = new Entry(hash, (string[])values.Clone(), built, valid);
        labels = built;
        return valid;
    }

    /// <summary>The reference path: builds the set for the current values. The result borrows the builder's arrays until the next build.</summary>
    public bool TryBuildUncached(out LabelSet labels)
    {
        _builder.Clear();
        for (var i = 0; i < _names.Length; i++)
        {
            if (!_skipEmpty || _values[i].Length != 0)
            {
                _builder.Add(_names[i], _values[i]);
            }
        }

        return _builder.TryBuild(out labels);
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

    private sealed record Entry(int Hash, string[] Inputs, LabelSet Labels, bool Valid);
}
