using System.Globalization;

namespace KafkaMetricsGen.Core.TraceQL.Search;

/// <summary>
/// Reads search and tag parameters as Tempo does: <c>start</c>/<c>end</c> in Unix seconds (both or neither, end after
/// start), <c>limit</c> a positive integer, <c>spss</c> an unsigned integer, <c>scope</c> one of span, resource,
/// event, link, instrumentation, intrinsic or none. Problems become <see cref="TraceQLQueryException"/> (HTTP 400) naming the parameter.
/// </summary>
public static class SearchRequestParser
{
    public static SearchRequest Parse(Func<string, string?> parameter, int defaultLimit)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var query = NonEmpty(parameter(SearchParameterNames.Q)) ?? string.Empty;
        var start = Unsigned(parameter, SearchParameterNames.Start) ?? 0;
        var end = Unsigned(parameter, SearchParameterNames.End) ?? 0;
        if ((start != 0 || end != 0) && end <= start)
        {
            throw new TraceQLQueryException($"http parameter start must be before end. received start={start} end={end}");
        }

        var limit = Unsigned(parameter, SearchParameterNames.Limit) is { } l
            ? l == 0 ? throw new TraceQLQueryException("invalid limit: must be a positive number") : (int)Math.Min(l, int.MaxValue)
            : defaultLimit;
        var spss = Unsigned(parameter, SearchParameterNames.SpansPerSpanSet) is { } s ? (int)Math.Min(s, int.MaxValue) : SearchDefaults.SpansPerSpanSet;
        var scope = NonEmpty(parameter(SearchParameterNames.Scope)) ?? SearchParameterNames.ScopeNone;
        if (scope is not (SearchParameterNames.ScopeNone or SearchParameterNames.ScopeSpan or SearchParameterNames.ScopeResource or SearchParameterNames.ScopeIntrinsic
            or SearchParameterNames.ScopeEvent or SearchParameterNames.ScopeLink or SearchParameterNames.ScopeInstrumentation))
        {
            throw new TraceQLQueryException($"invalid scope: '{scope}' (span, resource, event, link, instrumentation, intrinsic or none)");
        }

        return new SearchRequest(
            query,
            start == 0 && end == 0 ? 0 : start * 1_000_000_000,
            start == 0 && end == 0 ? ulong.MaxValue : end * 1_000_000_000,
            limit,
            spss,
            scope);
    }

    private static ulong? Unsigned(Func<string, string?> parameter, string name)
    {
        if (NonEmpty(parameter(name)) is not { } text)
        {
            return null;
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new TraceQLQueryException($"invalid {name}: '{text}' is not an unsigned 32-bit integer");
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
