namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// Native (exponential) histogram bucket math, as Prometheus client_golang does it. At schema s the bucket index i
/// covers (2^((i-1)/2^s), 2^(i/2^s)] — upper bound inclusive, like classic <c>le</c>.
/// </summary>
public static class NativeBuckets
{
    public const int MinSchema = -4;
    public const int MaxSchema = 8;

    // For schema s > 0, bucket boundaries of the frexp fraction in [0.5, 1): 0.5 · 2^(j/2^s).
    private static readonly double[][] FractionBounds = BuildFractionBounds();

    /// <summary>The largest schema whose growth factor 2^(2^-s) is ≤ <paramref name="factor"/>; 1.1 gives 3.</summary>
    public static int SchemaFromFactor(double factor)
    {
        if (factor <= 1)
        {
            return MaxSchema;
        }

        var floor = Math.Floor(Math.Log2(Math.Log2(factor)));
        if (floor <= -MaxSchema)
        {
            return MaxSchema;
        }

        return floor >= -MinSchema ? MinSchema : -(int)floor;
    }

    /// <summary>The bucket index of a positive value above the zero threshold.</summary>
    public static int Index(double value, int schema)
    {
        var exp = Math.ILogB(value) + 1;
        var frac = Math.ScaleB(value, -exp);
        if (schema > 0)
        {
            var bounds = FractionBounds[schema];
            var j = Array.BinarySearch(bounds, frac);
            if (j < 0)
            {
                j = ~j;
            }

            return j + ((exp - 1) * bounds.Length);
        }

        var key = frac == 0.5 ? exp - 1 : exp;
        var offset = (1 << -schema) - 1;
        return (key + offset) >> -schema;
    }

    /// <summary>The index at a coarser schema of the bucket holding index <paramref name="index"/>.</summary>
    public static int Reduce(int index, int fromSchema, int toSchema) => ((index - 1) >> (fromSchema - toSchema)) + 1;

    private static double[][] BuildFractionBounds()
    {
        var all = new double[MaxSchema + 1][];
        all[0] = [];
        for (var s = 1; s <= MaxSchema; s++)
        {
            var n = 1 << s;
            all[s] = new double[n];
            for (var j = 0; j < n; j++)
            {
                all[s][j] = 0.5 * Math.Pow(2, (double)j / n);
            }
        }

        return all;
    }
}
