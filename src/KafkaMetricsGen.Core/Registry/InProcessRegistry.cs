namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// Both stages in one object, for the offline <c>process</c> command and tests: processors record into a
/// <see cref="DeltaRegistry"/>; <see cref="Collect"/> and <see cref="Flush"/> move its deltas into a
/// <see cref="SeriesAccumulator"/> and write the closed windows.
/// </summary>
public sealed class InProcessRegistry : IMetricsRegistry
{
    public InProcessRegistry(string tenant, RegistryOptions options, TimeProvider? time = null)
    {
        Deltas = new DeltaRegistry(tenant, options, time);
        Accumulator = new SeriesAccumulator(tenant, options);
    }

    public string Tenant => Deltas.Tenant;

    public DeltaRegistry Deltas { get; }

    public SeriesAccumulator Accumulator { get; }

    public LabelBuilder NewLabelBuilder() => Deltas.NewLabelBuilder();

    public ICounter NewCounter(string name) => Deltas.NewCounter(name);

    public IGauge NewGauge(string name) => Deltas.NewGauge(name);

    public IGauge NewInfoGauge(string name) => Deltas.NewInfoGauge(name);

    public IHistogram NewHistogram(string name, IReadOnlyList<double> buckets) => Deltas.NewHistogram(name, buckets);

    /// <summary>Writes the windows closed by the watermark so far; returns how many.</summary>
    public int Collect(ISeriesAppender appender)
    {
        Accumulator.Apply(Deltas.TakeDeltas());
        return Accumulator.Collect(appender, Deltas.WatermarkMs);
    }

    /// <summary>
    /// End of input: closes and writes every window that holds data, skipping stretches of more than
    /// <paramref name="maxEmptyMs"/> without any (see <see cref="SeriesAccumulator.CollectAll"/>); returns how many.
    /// </summary>
    public int Flush(ISeriesAppender appender, long maxEmptyMs = long.MaxValue)
    {
        Accumulator.Apply(Deltas.TakeDeltas());
        return Accumulator.CollectAll(appender, maxEmptyMs);
    }
}
