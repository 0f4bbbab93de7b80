namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A query's time range in Unix nanoseconds and Tempo's bucketing over it. Intervals are right-closed,
/// <c>(start + i·step, start + (i+1)·step]</c>; a span falls in the interval holding its start time; a sample is stamped with
/// its interval's end. A range whose length equals its step is an instant query: one interval, both ends inclusive.
/// </summary>
public readonly record struct QueryRange(ulong StartUnixNano, ulong EndUnixNano, ulong StepNano)
{
    public bool IsInstant => EndUnixNano - StartUnixNano == StepNano;

    /// <summary>
    /// Tempo's request alignment: start floored and end rounded up to the step, then one extra interval before start
    /// (Tempo pads so a span just before the first boundary is not lost between refreshes).
    /// </summary>
    public QueryRange Align()
    {
        if (IsInstant || StepNano == 0)
        {
            return this;
        }

        var start = StartUnixNano - (StartUnixNano % StepNano);
        var mod = EndUnixNano % StepNano;
        var end = mod == 0 ? EndUnixNano : EndUnixNano + (StepNano - mod);
        if (start > StepNano)
        {
            start -= StepNano;
        }

        return new QueryRange(start, end, StepNano);
    }

    /// <summary>Intervals of an aligned range.</summary>
    public int IntervalCount => IsInstant ? 1 : (int)((EndUnixNano - StartUnixNano) / StepNano);

    /// <summary>The interval of a timestamp in an aligned range, or -1 outside it.</summary>
    public int IntervalOf(ulong ts)
    {
        if (IsInstant)
        {
            return ts >= StartUnixNano && ts <= EndUnixNano && EndUnixNano != StartUnixNano ? 0 : -1;
        }

        if (ts <= StartUnixNano || ts > EndUnixNano || StepNano == 0)
        {
            return -1;
        }

        var offset = ts - StartUnixNano;
        var interval = offset / StepNano;
        if (interval * StepNano == offset)
        {
            // On a boundary: right-closed intervals put it in the previous one.
            interval--;
        }

        return (int)interval;
    }

    /// <summary>The sample timestamp (interval end) in Unix milliseconds.</summary>
    public long TimestampMsOf(int interval) => IsInstant
        ? (long)(EndUnixNano / 1_000_000)
        : (long)((StartUnixNano + ((ulong)interval + 1) * StepNano) / 1_000_000);

    /// <summary>
    /// Tempo's default step when the request has none: about 240 points, snapped down to a granularity
    /// (1h, 5m, 1m, 15s, 5s, 1s; 50 ms multiples under a one-minute range). One hour gives 15 s.
    /// </summary>
    public static ulong DefaultStep(ulong startUnixNano, ulong endUnixNano)
    {
        var window = endUnixNano > startUnixNano ? endUnixNano - startUnixNano : 0;
        var baseline = window / QueryRangeDefaults.TargetDataPoints;
        if (window < QueryRangeDefaults.OneMinuteNano)
        {
            return baseline > QueryRangeDefaults.SubMinuteGranularityNano
                ? baseline / QueryRangeDefaults.SubMinuteGranularityNano * QueryRangeDefaults.SubMinuteGranularityNano
                : QueryRangeDefaults.SubMinuteGranularityNano;
        }

        foreach (var rung in QueryRangeDefaults.StepLadderNano)
        {
            if (baseline > rung)
            {
                return baseline / rung * rung;
            }
        }

        return QueryRangeDefaults.MinStepNano;
    }
}
