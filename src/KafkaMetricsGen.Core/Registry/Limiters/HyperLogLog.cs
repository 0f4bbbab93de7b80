using System.Numerics;

namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary>
/// A dense HyperLogLog sketch of precision <see cref="Precision"/> (1,024 one-byte registers, about 3.25 % standard
/// error, Tempo's choice), with linear counting for small cardinalities. Inserting allocates nothing.
/// </summary>
internal sealed class HyperLogLog
{
    public const int Precision = 10;
    public const int Registers = 1 << Precision;

    private readonly byte[] _registers = new byte[Registers];

    public void Insert(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));

        // A guard bit below the used bits caps the rank at 64 - Precision + 1 when the rest is all zeros.
        var rest = (hash << Precision) | (1UL << (Precision - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index])
        {
            _registers[index] = rank;
        }
    }

    public void Clear() => Array.Clear(_registers);

    /// <summary>Folds this sketch into <paramref name="union"/> (register-wise maximum).</summary>
    public void MergeInto(byte[] union)
    {
        for (var i = 0; i < Registers; i++)
        {
            if (_registers[i] > union[i])
            {
                union[i] = _registers[i];
            }
        }
    }

    public ulong Estimate() => Estimate(_registers);

    /// <summary>Folds <paramref name="registers"/> into <paramref name="union"/> (register-wise maximum).</summary>
    public static void Merge(ReadOnlySpan<byte> registers, Span<byte> union)
    {
        for (var i = 0; i < Registers; i++)
        {
            if (registers[i] > union[i])
            {
                union[i] = registers[i];
            }
        }
    }

    /// <summary>The cardinality estimate of a register array.</summary>
    public static ulong Estimate(ReadOnlySpan<byte> registers)
    {
        const double m = Registers;
        var sum = 0.0;
        var zeros = 0;
        foreach (var r in registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0)
            {
                zeros++;
            }
        }

        var alpha = 0.7213 / (1 + (1.079 / m));
        var estimate = alpha * m * m / sum;
        if (estimate <= 2.5 * m && zeros > 0)
        {
            estimate = m * Math.Log(m / zeros);
        }

        return (ulong)Math.Round(estimate);
    }

    /// <summary>A 64-bit hash of a label value: FNV-1a over the UTF-16 code units, finished with a SplitMix64 mix.</summary>
    public static ulong Hash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
