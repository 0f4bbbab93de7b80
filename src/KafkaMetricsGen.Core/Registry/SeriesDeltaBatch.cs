using System.Buffers;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// The deltas of one tenant, any number of windows, at most one per (window, series). This is what the generate stage
/// sends to the aggregate stage. <see cref="MergeFrom"/> is associative (and commutative up to exemplar and gauge ties),
/// so deltas can be combined in any grouping on the way. Series are told apart by <see cref="SeriesDelta.SeriesKey"/>
/// (64-bit; a collision between two live series of one tenant is not expected and would merge them).
/// </summary>
public sealed class SeriesDeltaBatch
{
    private readonly Dictionary<(long Window, ulong Key), SeriesDelta> _index = [];
    private readonly List<SeriesDelta> _deltas = [];

    public SeriesDeltaBatch(string tenant) => Tenant = tenant;

    public string Tenant { get; }

    public IReadOnlyList<SeriesDelta> Deltas => _deltas;

    public int Count => _deltas.Count;

    /// <summary>Adds a delta, taking ownership of it, or merges it into the one already held for its window and series.</summary>
    public void Add(SeriesDelta delta)
    {
        if (_index.TryGetValue((delta.WindowEndMs, delta.SeriesKey), out var existing))
        {
            existing.Merge(delta);
            return;
        }

        _index.Add((delta.WindowEndMs, delta.SeriesKey), delta);
        _deltas.Add(delta);
    }

    /// <summary>Merges copies of <paramref name="other"/>'s deltas into this batch (other is left unchanged).</summary>
    public void MergeFrom(SeriesDeltaBatch other)
    {
        if (!string.Equals(Tenant, other.Tenant, StringComparison.Ordinal))
        {
            throw new ArgumentException($"cannot merge deltas of tenant '{other.Tenant}' into '{Tenant}'", nameof(other));
        }

        foreach (var delta in other._deltas)
        {
            if (_index.TryGetValue((delta.WindowEndMs, delta.SeriesKey), out var existing))
            {
                existing.Merge(delta);
            }
            else
            {
                Add(delta.Clone());
            }
        }
    }

    public SeriesDeltaBatch Clone()
    {
        var copy = new SeriesDeltaBatch(Tenant);
        foreach (var delta in _deltas)
        {
            copy.Add(delta.Clone());
        }

        return copy;
    }

    /// <summary>The deltas ordered by (window, series key): the order <see cref="Write"/> uses, so equal batches give equal bytes.</summary>
    public SeriesDelta[] Ordered()
    {
        var ordered = _deltas.ToArray();
        Array.Sort(ordered, static (a, b) => a.WindowEndMs != b.WindowEndMs ? a.WindowEndMs.CompareTo(b.WindowEndMs) : a.SeriesKey.CompareTo(b.SeriesKey));
        return ordered;
    }

    /// <summary>Writes the compact binary form (see <see cref="SeriesDeltaCodec"/>).</summary>
    public void Write(IBufferWriter<byte> output) => SeriesDeltaCodec.Write(this, output);

    /// <summary>Reads the binary form; false on truncated or malformed input.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out SeriesDeltaBatch batch) => SeriesDeltaCodec.TryRead(data, out batch);
}
