using System.Globalization;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>A metric's written names and <c>le</c> texts, formatted once per metric instead of once per sample.</summary>
internal sealed class MetricNames
{
    public MetricNames(string metric, double[] bounds)
    {
        Name = metric;
        Sum = metric + RegistryLabels.SumSuffix;
        Count = metric + RegistryLabels.CountSuffix;
        Bucket = metric + RegistryLabels.BucketSuffix;
        Le = new string[bounds.Length + 1];
        for (var i = 0; i < bounds.Length; i++)
        {
            // Shortest round-trip decimal, as Prometheus clients print bucket bounds ("0.002", "16.384").
            Le[i] = bounds[i].ToString(CultureInfo.InvariantCulture);
        }

        Le[bounds.Length] = RegistryLabels.PlusInf;
    }

    public string Name { get; }

    public string Sum { get; }

    public string Count { get; }

    public string Bucket { get; }

    public string[] Le { get; }
}
