using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// What one series gained in one event-time window: a counter increment, a gauge's latest value, or a histogram's
/// bucket increments (classic: per configured bucket plus +Inf, not cumulative; native: sparse exponential buckets when
/// the tenant writes native histograms), sum, count and the latest exemplar per classic bucket. Deltas of the same
/// series and window merge associatively (<see cref="Merge"/>); the aggregate stage adds them into cumulative state.
/// </summary>
public sealed class SeriesDelta
{
    public SeriesDelta(string metric, MetricKind kind, string[] labelNames, string[] labelValues, ulong seriesKey, long windowEndMs, double[] bounds, int nativeSchema = NoNative)
    {
        Metric = metric;
        Kind = kind;
        LabelNames = labelNames;
        LabelValues = labelValues;
        SeriesKey = seriesKey;
        WindowEndMs = windowEndMs;
        Bounds = kind == MetricKind.Histogram ? bounds : [];
        if (kind == MetricKind.Histogram)
        {
            BucketCounts = new double[Bounds.Length + 1];
            Exemplars = new DeltaExemplar[Bounds.Length + 1];
            Native = nativeSchema == NoNative ? null : new NativeBucketCounts(nativeSchema);
        }
        else
        {
            BucketCounts = [];
            Exemplars = [];
        }
    }

    /// <summary>Schema value meaning "no native buckets".</summary>
    public const int NoNative = int.MinValue;

    public string Metric { get; }

    public MetricKind Kind { get; }

    /// <summary>Processor labels, sorted by name (no <c>__name__</c>, external or tenant labels).</summary>
    public string[] LabelNames { get; }

    public string[] LabelValues { get; }

    public ulong SeriesKey { get; }

    public long WindowEndMs { get; internal set; }

    /// <summary>Latest event time of any observation in the delta.</summary>
    public ulong LastEventTimeUnixNano { get; internal set; }

    /// <summary>Counter: the increment. Gauge: the value set at <see cref="LastEventTimeUnixNano"/>.</summary>
    public double Value { get; internal set; }

    /// <summary>Classic upper bounds, ascending, without +Inf (shared, never mutated).</summary>
    public double[] Bounds { get; }

    /// <summary>Per-bucket (not cumulative) count increments; the last one is +Inf.</summary>
    public double[] BucketCounts { get; }

    public double Sum { get; internal set; }

    public double Count { get; internal set; }

    /// <summary>Latest exemplar per classic bucket (last = +Inf).</summary>
    public DeltaExemplar[] Exemplars { get; }

    /// <summary>Native buckets, or null when the tenant writes classic histograms only.</summary>
    public NativeBucketCounts? Native { get; private set; }

    public ulong NativeZeroCount { get; internal set; }

    public ulong NativeCount { get; internal set; }

    public double NativeSum { get; internal set; }

    /// <summary>Next delta of the same window with the same key but other labels (hash collision chain).</summary>
    internal SeriesDelta? Next { get; set; }

    public bool SameSeries(SeriesDelta other) =>
        SeriesKey == other.SeriesKey && Kind == other.Kind && string.Equals(Metric, other.Metric, StringComparison.Ordinal) &&
        new LabelSet(LabelNames, LabelValues, LabelNames.Length, 0).SameAs(other.LabelNames, other.LabelValues);

    public void Inc(double value, ulong eventTimeUnixNano)
    {
        Value += value;
        Touch(eventTimeUnixNano);
    }

    public void Set(double value, ulong eventTimeUnixNano)
    {
        if (eventTimeUnixNano >= LastEventTimeUnixNano)
        {
            Value = value;
            LastEventTimeUnixNano = eventTimeUnixNano;
        }
    }

    public void Observe(double value, double multiplier, TraceId traceId, ulong eventTimeUnixNano)
    {
        var bucket = BucketOf(Bounds, value);
        BucketCounts[bucket] += multiplier;
        Sum += value * multiplier;
        Count += multiplier;
        if (!traceId.IsEmpty && eventTimeUnixNano >= Exemplars[bucket].EventTimeUnixNano)
        {
            Exemplars[bucket] = new DeltaExemplar(traceId, value, eventTimeUnixNano);
        }

        if (Native is not null)
        {
            // client_golang records a multiplier by observing ceil(m) times.
            var times = (ulong)Math.Ceiling(multiplier);
            NativeCount += times;
            NativeSum += value * times;
            if (value <= RegistryDefaults.NativeHistogramZeroThreshold)
            {
                NativeZeroCount += times;
            }
            else
            {
                Native.Add(NativeBuckets.Index(value, Native.Schema), times);
            }
        }

        Touch(eventTimeUnixNano);
    }

    /// <summary>Adds <paramref name="other"/> (same series) into this delta; associative for integral values.</summary>
    public void Merge(SeriesDelta other)
    {
        switch (Kind)
        {
            case MetricKind.Counter:
                Value += other.Value;
                break;
            case MetricKind.Gauge:
                if (other.LastEventTimeUnixNano >= LastEventTimeUnixNano)
                {
                    Value = other.Value;
                }

                break;
            default:
                for (var i = 0; i < BucketCounts.Length && i < other.BucketCounts.Length; i++)
                {
                    BucketCounts[i] += other.BucketCounts[i];
                    Exemplars[i] = DeltaExemplar.Latest(Exemplars[i], other.Exemplars[i]);
                }

                Sum += other.Sum;
                Count += other.Count;
                if (other.Native is not null)
                {
                    Native ??= new NativeBucketCounts(other.Native.Schema);
                    Native.AddFrom(other.Native);
                    NativeZeroCount += other.NativeZeroCount;
                    NativeCount += other.NativeCount;
                    NativeSum += other.NativeSum;
                }

                break;
        }

        Touch(other.LastEventTimeUnixNano);
    }

    public SeriesDelta Clone()
    {
        var copy = new SeriesDelta(Metric, Kind, LabelNames, LabelValues, SeriesKey, WindowEndMs, Bounds)
        {
            LastEventTimeUnixNano = LastEventTimeUnixNano,
            Value = Value,
            Sum = Sum,
            Count = Count,
            Native = Native?.Clone(),
            NativeZeroCount = NativeZeroCount,
            NativeCount = NativeCount,
            NativeSum = NativeSum,
        };
        BucketCounts.CopyTo(copy.BucketCounts, 0);
        Exemplars.CopyTo(copy.Exemplars, 0);
        return copy;
    }

    internal void SetNative(NativeBucketCounts? native) => Native = native;

    /// <summary>The first bucket whose bound is ≥ the value (le is inclusive); the +Inf bucket otherwise.</summary>
    internal static int BucketOf(double[] bounds, double value)
    {
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        return i;
    }

    private void Touch(ulong eventTimeUnixNano)
    {
        if (eventTimeUnixNano > LastEventTimeUnixNano)
        {
            LastEventTimeUnixNano = eventTimeUnixNano;
        }
    }
}
