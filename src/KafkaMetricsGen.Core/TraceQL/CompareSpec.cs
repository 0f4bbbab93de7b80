namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// <c>compare({selection}, topN, start, end)</c>: spans matching <see cref="Selection"/> (and starting in
/// (<see cref="StartUnixNano"/>, <see cref="EndUnixNano"/>] when both are given) are the selection, the others the
/// baseline; per attribute at most <see cref="TopN"/> values, by total count, are kept.
/// </summary>
public sealed record CompareSpec(SpanFilter Selection, int TopN, ulong StartUnixNano, ulong EndUnixNano)
{
    /// <summary>Tempo's default number of values per attribute.</summary>
    public const int DefaultTopN = 10;

    /// <summary>Tempo's upper bound of topN (maxCompareTopN), so one attribute cannot ask for unbounded series.</summary>
    public const int MaxTopN = 1000;
}
