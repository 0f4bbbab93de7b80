using System.Runtime.CompilerServices;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// The finished label set of an edge shape — client, server, connection type and dimension values — remembered by the
/// identity of those values. Every edge adds the same names in the same order, so the set is a function of the value
/// vector; services and dimension values come interned from the batch, so a repeated shape is the same references and
/// a hit skips truncation, sorting, UTF-8 validation and hashing. A miss (a new shape, or a value built afresh such as
/// a database <c>host:port</c>) runs <see cref="TryBuildUncached"/>, the reference path, so identity costs time, never
/// correctness. Two-way set-associative and fixed-size: memory is bounded and only misses allocate.
/// </summary>
internal sealed class EdgeLabelCache
{
    /// <summary>Slots before the dimension slots: client, server, connection type.</summary>
    public const int FixedSlots = 3;

    private readonly LabelBuilder _builder;
    private readonly string[] _names;
    private readonly string[] _values;
    private readonly Entry?[] _entries;
    private readonly int _mask;

    /// <param name="builder">The registry's builder (it applies the registry's label limits).</param>
    /// <param name="layout">Names the dimension slots.</param>
    /// <param name="capacityPowerOfTwo">log2 of the number of cached shapes.</param>
    public EdgeLabelCache(LabelBuilder builder, DimensionLayout layout, int capacityPowerOfTwo = 12)
    {
        _builder = builder;
        _names = new string[FixedSlots + layout.SlotCount];
        _names[0] = ServiceGraphsLabelNames.Client;
        _names[1] = ServiceGraphsLabelNames.Server;
        _names[2] = ServiceGraphsLabelNames.ConnectionType;
        layout.SlotLabels.CopyTo(_names, FixedSlots);
        _values = new string[_names.Length];
        Array.Fill(_values, string.Empty);
        _entries = new Entry?[1 << capacityPowerOfTwo];
        _mask = _entries.Length - 1;
    }

    /// <summary>
    /// Client, server, connection type, then one value per dimension slot; the caller sets every slot before
    /// <see cref="TryGet"/>, with <see cref="string.Empty"/> (that instance) for an absent label.
    /// </summary>
    public Span<string> Values => _values;

    /// <summary>The finished set for the current values; false when the builder refuses it (invalid UTF-8).</summary>
    public bool TryGet(out LabelSet labels)
    {
        var values = _values;
        var hash = 17;
        foreach (var v in values)
        {
            hash = (hash * 31) + RuntimeHelpers.GetHashCode(v);
        }

        // Two-way sets, most recent first: two hot shapes whose hashes share a set no longer evict each other.
        var set = (hash & _mask) & ~1;
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
            // The builder's arrays are reused on the next build; the cached set needs its own.
            built = new LabelSet(built.Names.ToArray(), built.Values.ToArray(), built.Count, built.Hash);
        }

        entries[set + 1] = entries[set];
        entries[set] = new Entry(hash, (string[])values.Clone(), built, valid);
        labels = built;
        return valid;
    }

    /// <summary>
    /// The reference path: adds the non-empty values in slot order, so a later slot whose label name repeats an
    /// earlier one (a dimension named <c>client</c>) overrides it only when it has a value. The result borrows the
    /// builder's arrays until the next build.
    /// </summary>
    public bool TryBuildUncached(out LabelSet labels)
    {
        _builder.Clear();
        for (var i = 0; i < _names.Length; i++)
        {
            if (_values[i].Length != 0)
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
