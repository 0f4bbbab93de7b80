using System.Buffers;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// The cumulative state of one series at the aggregate stage: what every collection writes until the series goes stale.
/// Persistable on its own (<see cref="Write"/>/<see cref="TryRead"/>) so a store can keep one record per series.
/// </summary>
public sealed class AccumulatedSeries
{
    public const byte FormatVersion = 1;

    public AccumulatedSeries(string metric, MetricKind kind, string[] labelNames, string[] labelValues, ulong seriesKey, double[] bounds)
    {
        Metric = metric;
        Kind = kind;
        LabelNames = labelNames;
        LabelValues = labelValues;
        SeriesKey = seriesKey;
        Bounds = kind == MetricKind.Histogram ? bounds : [];
        BucketCounts = kind == MetricKind.Histogram ? new double[Bounds.Length + 1] : [];
        Exemplars = kind == MetricKind.Histogram ? new DeltaExemplar[Bounds.Length + 1] : [];
    }

    public string Metric { get; }

    public MetricKind Kind { get; }

    public string[] LabelNames { get; }

    public string[] LabelValues { get; }

    public ulong SeriesKey { get; }

    public double[] Bounds { get; }

    /// <summary>Counter total or gauge value.</summary>
    public double Value { get; internal set; }

    /// <summary>Per-bucket (not cumulative) totals; cumulated when written.</summary>
    public double[] BucketCounts { get; }

    public double Sum { get; internal set; }

    public double Count { get; internal set; }

    /// <summary>Exemplars not yet written (each is written once, then cleared).</summary>
    public DeltaExemplar[] Exemplars { get; }

    public NativeBucketCounts? Native { get; internal set; }

    public ulong NativeZeroCount { get; internal set; }

    public ulong NativeCount { get; internal set; }

    public double NativeSum { get; internal set; }

    /// <summary>Window end (ms) at which the native histogram was created or last reset (client_golang's reset clock).</summary>
    public long NativeLastResetMs { get; internal set; }

    /// <summary>Latest event time (ms) of any observation: the staleness clock.</summary>
    public long LastUpdatedMs { get; internal set; }

    /// <summary>True once written: a series written for the first time gets a zero sample one interval earlier.</summary>
    public bool Written { get; internal set; }

    /// <summary>Series cost in active-series units.</summary>
    public int Cost { get; internal set; }

    internal AccumulatedSeries? Next { get; set; }

    internal string[] OutNames { get; set; } = [];

    internal string[] OutValues { get; set; } = [];

    internal int NameIndex { get; set; }

    /// <summary>Cached hashes of the written label sets (0 = not yet computed); see the accumulator's label slots.</summary>
    internal ulong[] OutHashes { get; set; } = [];

    internal int LeIndex { get; set; }

    internal bool SameSeries(SeriesDelta d) =>
        Kind == d.Kind && string.Equals(Metric, d.Metric, StringComparison.Ordinal) &&
        new LabelSet(LabelNames, LabelValues, LabelNames.Length, 0).SameAs(d.LabelNames, d.LabelValues);

    /// <summary>Adds a delta's contribution (native buckets are handled by the accumulator, which owns the limits).</summary>
    internal void AddClassic(SeriesDelta d)
    {
        switch (Kind)
        {
            case MetricKind.Counter:
                Value += d.Value;
                break;
            case MetricKind.Gauge:
                if (EventTimeMs(d.LastEventTimeUnixNano) >= LastUpdatedMs)
                {
                    Value = d.Value;
                }

                break;
            default:
                for (var i = 0; i < BucketCounts.Length && i < d.BucketCounts.Length; i++)
                {
                    BucketCounts[i] += d.BucketCounts[i];
                    Exemplars[i] = DeltaExemplar.Latest(Exemplars[i], d.Exemplars[i]);
                }

                Sum += d.Sum;
                Count += d.Count;
                break;
        }

        LastUpdatedMs = Math.Max(LastUpdatedMs, EventTimeMs(d.LastEventTimeUnixNano));
    }

    public void Write(IBufferWriter<byte> output)
    {
        var w = new WireWriter(output);
        w.Byte(FormatVersion);
        w.String(Metric);
        w.Byte((byte)Kind);
        w.Fixed64(SeriesKey);
        w.VarUInt((ulong)LabelNames.Length);
        for (var i = 0; i < LabelNames.Length; i++)
        {
            w.String(LabelNames[i]);
            w.String(LabelValues[i]);
        }

        w.VarUInt((ulong)Bounds.Length);
        foreach (var b in Bounds)
        {
            w.Double(b);
        }

        w.Double(Value);
        w.Double(Sum);
        w.Double(Count);
        for (var i = 0; i < BucketCounts.Length; i++)
        {
            w.Double(BucketCounts[i]);
            w.Fixed64(Exemplars[i].TraceId.High);
            w.Fixed64(Exemplars[i].TraceId.Low);
            w.Double(Exemplars[i].Value);
            w.VarUInt(Exemplars[i].EventTimeUnixNano);
        }

        SeriesDeltaCodec.WriteNative(ref w, Native, NativeZeroCount, NativeCount, NativeSum);
        w.VarInt(NativeLastResetMs);
        w.VarInt(LastUpdatedMs);
        w.Byte(Written ? (byte)1 : (byte)0);
        w.VarUInt((ulong)Cost);
    }

    public static bool TryRead(ReadOnlySpan<byte> data, out AccumulatedSeries series)
    {
        series = null!;
        var r = new WireReader(data);
        if (!r.Byte(out var version) || version != FormatVersion || !r.String(out var metric) || !r.Byte(out var kind) || kind is < 1 or > 3 ||
            !r.Fixed64(out var key) || !r.Count(out var labelCount, 4096))
        {
            return false;
        }

        var names = new string[labelCount];
        var values = new string[labelCount];
        for (var i = 0; i < labelCount; i++)
        {
            if (!r.String(out names[i]) || !r.String(out values[i]))
            {
                return false;
            }
        }

        if (!r.Count(out var boundCount, 4096))
        {
            return false;
        }

        var bounds = new double[boundCount];
        for (var i = 0; i < boundCount; i++)
        {
            if (!r.Double(out bounds[i]))
            {
                return false;
            }
        }

        var s = new AccumulatedSeries(metric, (MetricKind)kind, names, values, key, bounds);
        if (!r.Double(out var value) || !r.Double(out var sum) || !r.Double(out var count))
        {
            return false;
        }

        s.Value = value;
        s.Sum = sum;
        s.Count = count;
        for (var i = 0; i < s.BucketCounts.Length; i++)
        {
            if (!r.Double(out s.BucketCounts[i]) || !r.Fixed64(out var high) || !r.Fixed64(out var low) || !r.Double(out var ev) || !r.VarUInt(out var et))
            {
                return false;
            }

            s.Exemplars[i] = new DeltaExemplar(new TraceId(high, low), ev, et);
        }

        if (!SeriesDeltaCodec.ReadNative(ref r, out var native, out var zero, out var nativeCount, out var nativeSum) ||
            !r.VarInt(out var reset) || !r.VarInt(out var updated) || !r.Byte(out var written) || !r.Count(out var cost))
        {
            return false;
        }

        s.Native = native;
        s.NativeZeroCount = zero;
        s.NativeCount = nativeCount;
        s.NativeSum = nativeSum;
        s.NativeLastResetMs = reset;
        s.LastUpdatedMs = updated;
        s.Written = written != 0;
        s.Cost = cost;
        series = s;
        return r.AtEnd;
    }

    private static long EventTimeMs(ulong unixNano) => (long)(unixNano / 1_000_000);
}
