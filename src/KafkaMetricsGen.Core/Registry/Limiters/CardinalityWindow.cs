namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary>
/// Distinct values seen over about the last stale duration: a ring of HyperLogLog sketches, one per
/// <see cref="LimiterDefaults.SketchDuration"/>, the newest receiving inserts. <see cref="Advance"/> retires the oldest,
/// so values stop counting once they have not been seen for the stale duration. Tempo's sizing: stale duration 15 m gives
/// four sketches; out-of-range settings fall back to 15 m and 5 m. So does a stale duration over
/// <see cref="LimiterDefaults.MaxStaleDuration"/> (<c>process</c> never lets series go stale), which would otherwise
/// need a sketch per 5 minutes of it.
/// </summary>
internal sealed class CardinalityWindow
{
    private readonly HyperLogLog[] _sketches;
    private readonly byte[] _union = new byte[HyperLogLog.Registers];
    private int _current;

    public CardinalityWindow(TimeSpan staleDuration)
    {
        var sketch = LimiterDefaults.SketchDuration;
        if (staleDuration <= TimeSpan.FromMinutes(1) || staleDuration < sketch || staleDuration > LimiterDefaults.MaxStaleDuration)
        {
            staleDuration = LimiterDefaults.FallbackStaleDuration;
        }

        var length = Math.Max(2, (int)((staleDuration + sketch).Ticks / sketch.Ticks));
        _sketches = new HyperLogLog[length];
        for (var i = 0; i < length; i++)
        {
            _sketches[i] = new HyperLogLog();
        }
    }

    public int Length => _sketches.Length;

    public void Insert(ulong hash) => _sketches[_current].Insert(hash);

    /// <summary>The estimate over every sketch of the ring.</summary>
    public ulong Estimate()
    {
        CopyUnionTo(_union);
        return HyperLogLog.Estimate(_union);
    }

    /// <summary>Writes the union of every sketch of the ring into <paramref name="registers"/>.</summary>
    public void CopyUnionTo(byte[] registers)
    {
        Array.Clear(registers);
        foreach (var sketch in _sketches)
        {
            sketch.MergeInto(registers);
        }
    }

    /// <summary>Moves the ring on by <paramref name="steps"/> sketches (at least one, at most the whole ring), clearing each new one.</summary>
    public void Advance(int steps)
    {
        steps = Math.Clamp(steps, 1, _sketches.Length);
        for (var i = 0; i < steps; i++)
        {
            _current = (_current + 1) % _sketches.Length;
            _sketches[_current].Clear();
        }
    }
}
