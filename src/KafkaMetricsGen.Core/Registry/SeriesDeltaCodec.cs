using System.Buffers;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// Binary form of a <see cref="SeriesDeltaBatch"/>: version byte, tenant, a table of metrics (name, kind, bucket bounds)
/// written once, then per delta: metric index, window end, series key, last event time, labels and the kind's payload.
/// Integers are varints; doubles are 8 bytes; strings are UTF-8 with a length prefix.
/// </summary>
public static class SeriesDeltaCodec
{
    public const byte Version = 1;

    public static void Write(SeriesDeltaBatch batch, IBufferWriter<byte> output)
    {
        var w = new WireWriter(output);
        w.Byte(Version);
        w.String(batch.Tenant);
        var ordered = batch.Ordered();
        var metrics = new Dictionary<(string, MetricKind, double[]), int>();
        var table = new List<SeriesDelta>();
        foreach (var d in ordered)
        {
            if (metrics.TryAdd((d.Metric, d.Kind, d.Bounds), metrics.Count))
            {
                table.Add(d);
            }
        }

        w.VarUInt((ulong)table.Count);
        foreach (var d in table)
        {
            w.String(d.Metric);
            w.Byte((byte)d.Kind);
            w.VarUInt((ulong)d.Bounds.Length);
            foreach (var b in d.Bounds)
            {
                w.Double(b);
            }
        }

        w.VarUInt((ulong)ordered.Length);
        foreach (var d in ordered)
        {
            w.VarUInt((ulong)metrics[(d.Metric, d.Kind, d.Bounds)]);
            WriteBody(ref w, d);
        }
    }

    public static bool TryRead(ReadOnlySpan<byte> data, out SeriesDeltaBatch batch)
    {
        batch = new SeriesDeltaBatch(string.Empty);
        var r = new WireReader(data);
        if (!r.Byte(out var version) || version != Version || !r.String(out var tenant) || !r.Count(out var metricCount))
        {
            return false;
        }

        var table = new (string Name, MetricKind Kind, double[] Bounds)[metricCount];
        for (var i = 0; i < metricCount; i++)
        {
            if (!r.String(out var name) || !r.Byte(out var kind) || kind is < 1 or > 3 || !r.Count(out var boundCount, 4096))
            {
                return false;
            }

            var bounds = new double[boundCount];
            for (var b = 0; b < boundCount; b++)
            {
                if (!r.Double(out bounds[b]))
                {
                    return false;
                }
            }

            table[i] = (name, (MetricKind)kind, bounds);
        }

        var result = new SeriesDeltaBatch(tenant);
        if (!r.Count(out var count))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!r.Count(out var m, metricCount - 1) || !ReadBody(ref r, table[m], out var delta))
            {
                return false;
            }

            result.Add(delta);
        }

        batch = result;
        return r.AtEnd;
    }

    private static void WriteBody(ref WireWriter w, SeriesDelta d)
    {
        w.VarInt(d.WindowEndMs);
        w.Fixed64(d.SeriesKey);
        w.VarUInt(d.LastEventTimeUnixNano);
        w.VarUInt((ulong)d.LabelNames.Length);
        for (var i = 0; i < d.LabelNames.Length; i++)
        {
            w.String(d.LabelNames[i]);
            w.String(d.LabelValues[i]);
        }

        if (d.Kind != MetricKind.Histogram)
        {
            w.Double(d.Value);
            return;
        }

        w.Double(d.Sum);
        w.Double(d.Count);
        for (var i = 0; i < d.BucketCounts.Length; i++)
        {
            w.Double(d.BucketCounts[i]);
            var e = d.Exemplars[i];
            w.Byte(e.IsEmpty ? (byte)0 : (byte)1);
            if (!e.IsEmpty)
            {
                w.Fixed64(e.TraceId.High);
                w.Fixed64(e.TraceId.Low);
                w.Double(e.Value);
                w.VarUInt(e.EventTimeUnixNano);
            }
        }

        WriteNative(ref w, d.Native, d.NativeZeroCount, d.NativeCount, d.NativeSum);
    }

    internal static void WriteNative(ref WireWriter w, NativeBucketCounts? native, ulong zero, ulong count, double sum)
    {
        w.Byte(native is null ? (byte)0 : (byte)1);
        if (native is null)
        {
            return;
        }

        w.VarInt(native.Schema);
        w.VarUInt(zero);
        w.VarUInt(count);
        w.Double(sum);
        w.VarInt(native.Offset);
        w.VarUInt((ulong)native.Length);
        foreach (var c in native.Counts)
        {
            w.VarUInt(c);
        }
    }

    internal static bool ReadNative(ref WireReader r, out NativeBucketCounts? native, out ulong zero, out ulong count, out double sum)
    {
        native = null;
        zero = count = 0;
        sum = 0;
        if (!r.Byte(out var present))
        {
            return false;
        }

        if (present == 0)
        {
            return true;
        }

        if (!r.VarInt(out var schema) || schema is < NativeBuckets.MinSchema or > NativeBuckets.MaxSchema || !r.VarUInt(out zero) || !r.VarUInt(out count) ||
            !r.Double(out sum) || !r.VarInt(out var offset) || !r.Count(out var length, 1 << 16))
        {
            return false;
        }

        native = new NativeBucketCounts((int)schema, Math.Max(length, 1));
        for (var i = 0; i < length; i++)
        {
            if (!r.VarUInt(out var c))
            {
                return false;
            }

            if (c != 0)
            {
                native.Add((int)offset + i, c);
            }
        }

        return true;
    }

    private static bool ReadBody(ref WireReader r, (string Name, MetricKind Kind, double[] Bounds) metric, out SeriesDelta delta)
    {
        delta = null!;
        if (!r.VarInt(out var window) || !r.Fixed64(out var key) || !r.VarUInt(out var last) || !r.Count(out var labelCount, 4096))
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

        var d = new SeriesDelta(metric.Name, metric.Kind, names, values, key, window, metric.Bounds) { LastEventTimeUnixNano = last };
        if (metric.Kind != MetricKind.Histogram)
        {
            if (!r.Double(out var value))
            {
                return false;
            }

            d.Value = value;
            delta = d;
            return true;
        }

        if (!r.Double(out var sum) || !r.Double(out var count))
        {
            return false;
        }

        d.Sum = sum;
        d.Count = count;
        for (var i = 0; i < d.BucketCounts.Length; i++)
        {
            if (!r.Double(out d.BucketCounts[i]) || !r.Byte(out var hasExemplar))
            {
                return false;
            }

            if (hasExemplar != 0)
            {
                if (!r.Fixed64(out var high) || !r.Fixed64(out var low) || !r.Double(out var value) || !r.VarUInt(out var time))
                {
                    return false;
                }

                d.Exemplars[i] = new DeltaExemplar(new TraceId(high, low), value, time);
            }
        }

        if (!ReadNative(ref r, out var native, out var zero, out var nativeCount, out var nativeSum))
        {
            return false;
        }

        d.SetNative(native);
        d.NativeZeroCount = zero;
        d.NativeCount = nativeCount;
        d.NativeSum = nativeSum;
        delta = d;
        return true;
    }
}
