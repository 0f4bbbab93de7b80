namespace KafkaMetricsGen.Core.TraceQL.Search;

/// <summary>
/// A search or tag request: the TraceQL query (empty = every span), the span-start window in Unix nanoseconds (0 and
/// <see cref="ulong.MaxValue"/> when not given), the result limit (0 = none) and spans per spanset (0 = all).
/// </summary>
public sealed record SearchRequest(string Query, ulong StartUnixNano, ulong EndUnixNano, int Limit, int SpansPerSpanSet, string Scope);
