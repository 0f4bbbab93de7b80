namespace KafkaMetricsGen.Core.Configuration;

/// <summary>Checks shared by every <c>histogram_buckets</c> key.</summary>
public static class HistogramBuckets
{
    public static readonly ConfigSchema Schema = ConfigSchema.DoubleList.Where(IsAscending, "must be ascending, without duplicates");

    /// <summary><c>ExponentialBuckets(start, factor, count)</c> as Prometheus computes them.</summary>
    public static double[] Exponential(double start, double factor, int count)
    {
        var result = new double[count];
        var v = start;
        for (var i = 0; i < count; i++)
        {
            result[i] = v;
            v *= factor;
        }

        return result;
    }

    private static bool IsAscending(ConfigNode node)
    {
        double previous = double.NegativeInfinity;
        foreach (var item in node.Items)
        {
            if (item.IsNull)
            {
                return false;
            }

            var v = ConfigScalars.ParseDouble(item.Value!);
            if (v <= previous)
            {
                return false;
            }

            previous = v;
        }

        return true;
    }
}
