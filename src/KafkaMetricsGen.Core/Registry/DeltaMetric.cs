using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// A metric family of a <see cref="DeltaRegistry"/>. One class serves as counter, gauge or histogram (the registry hands
/// it out through the matching interface); everything per metric — name hash, bounds, native schema — is fixed here.
/// </summary>
internal sealed class DeltaMetric : ICounter, IGauge, IHistogram
{
    private readonly DeltaRegistry _owner;

    public DeltaMetric(DeltaRegistry owner, int index, string name, MetricKind kind, double[] bounds, int nativeSchema, bool info = false)
    {
        Index = index;
        Info = info;
        _owner = owner;
        Name = name;
        Kind = kind;
        Bounds = bounds;
        NativeSchema = nativeSchema;
        NameHash = SeriesKey.MetricHash(name);
    }

    /// <summary>The metric's place among its registry's metrics (0, 1, …): its slot in a <see cref="SeriesMemo"/>.</summary>
    public int Index { get; }

    public string Name { get; }

    public MetricKind Kind { get; }

    public double[] Bounds { get; }

    public int NativeSchema { get; }

    public ulong NameHash { get; }

    /// <summary>An info metric: its labels skip the per-label limiter.</summary>
    public bool Info { get; }

    public void Inc(in LabelSet labels, double value, ulong eventTimeUnixNano) =>
        _owner.Delta(this, labels, eventTimeUnixNano)?.Inc(value, eventTimeUnixNano);

    public void Set(in LabelSet labels, double value, ulong eventTimeUnixNano) =>
        _owner.Delta(this, labels, eventTimeUnixNano)?.Set(value, eventTimeUnixNano);

    public void Observe(in LabelSet labels, double value, double multiplier, TraceId traceId, ulong eventTimeUnixNano) =>
        _owner.Delta(this, labels, eventTimeUnixNano)?.Observe(value, multiplier, traceId, eventTimeUnixNano);
}
