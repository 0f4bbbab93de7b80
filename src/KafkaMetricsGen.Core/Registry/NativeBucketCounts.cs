namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// Positive native-histogram bucket counts held densely from <see cref="Offset"/> (durations cluster in a few dozen
/// buckets, so a dense window beats a map and grows only when a value lands outside it).
/// </summary>
public sealed class NativeBucketCounts
{
    private ulong[] _counts;

    public NativeBucketCounts(int schema, int capacity = 16)
    {
        Schema = schema;
        _counts = new ulong[capacity];
    }

    public int Schema { get; private set; }

    /// <summary>Index of <c>Counts[0]</c>.</summary>
    public int Offset { get; private set; }

    /// <summary>Number of slots in use from <see cref="Offset"/> (zeros inside are empty buckets).</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<ulong> Counts => _counts.AsSpan(0, Length);

    public int PopulatedCount
    {
        get
        {
            var n = 0;
            foreach (var c in Counts)
            {
                n += c != 0 ? 1 : 0;
            }

            return n;
        }
    }

    public void Add(int index, ulong count)
    {
        if (Length == 0)
        {
            Offset = index;
            Length = 1;
            _counts[0] = count;
            return;
        }

        if (index < Offset)
        {
            var shift = Offset - index;
            Ensure(Length + shift);
            Array.Copy(_counts, 0, _counts, shift, Length);
            Array.Clear(_counts, 0, shift);
            Offset = index;
            Length += shift;
        }
        else if (index >= Offset + Length)
        {
            Ensure(index - Offset + 1);
            Length = index - Offset + 1;
        }

        _counts[index - Offset] += count;
    }

    /// <summary>Adds another set of counts, bringing both to the coarser of the two schemas first.</summary>
    public void AddFrom(NativeBucketCounts other)
    {
        if (other.Schema < Schema)
        {
            ReduceTo(other.Schema);
        }

        var counts = other.Counts;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                Add(NativeBuckets.Reduce(other.Offset + i, other.Schema, Schema), counts[i]);
            }
        }
    }

    /// <summary>Merges neighbouring buckets down to a coarser schema (each step halves the resolution).</summary>
    public void ReduceTo(int schema)
    {
        if (schema >= Schema || Length == 0)
        {
            Schema = Math.Min(schema, Schema);
            return;
        }

        var old = _counts.AsSpan(0, Length).ToArray();
        var oldOffset = Offset;
        var oldSchema = Schema;
        Array.Clear(_counts, 0, Length);
        Length = 0;
        Schema = schema;
        for (var i = 0; i < old.Length; i++)
        {
            if (old[i] != 0)
            {
                Add(NativeBuckets.Reduce(oldOffset + i, oldSchema, schema), old[i]);
            }
        }
    }

    public void Reset(int schema)
    {
        Array.Clear(_counts, 0, Length);
        Length = 0;
        Offset = 0;
        Schema = schema;
    }

    public NativeBucketCounts Clone()
    {
        var copy = new NativeBucketCounts(Schema, Math.Max(Length, 1)) { Offset = Offset, Length = Length };
        Counts.CopyTo(copy._counts);
        return copy;
    }

    /// <summary>Writes the populated buckets as remote-write spans (offset = gap) and delta-encoded counts.</summary>
    public void ToSpans(List<(int Offset, uint Length)> spans, List<long> deltas)
    {
        var previousEnd = 0;
        var first = true;
        long previousCount = 0;
        var i = 0;
        while (i < Length)
        {
            if (_counts[i] == 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < Length && _counts[i] != 0)
            {
                deltas.Add((long)_counts[i] - previousCount);
                previousCount = (long)_counts[i];
                i++;
            }

            var index = Offset + start;
            spans.Add((first ? index : index - previousEnd, (uint)(i - start)));
            previousEnd = Offset + i;
            first = false;
        }
    }

    private void Ensure(int size)
    {
        if (size > _counts.Length)
        {
            Array.Resize(ref _counts, Math.Max(size, _counts.Length * 2));
        }
    }
}
