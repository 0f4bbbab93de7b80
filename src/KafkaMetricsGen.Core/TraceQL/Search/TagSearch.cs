using KafkaMetricsGen.Wire.Tempo;

namespace KafkaMetricsGen.Core.TraceQL.Search;

/// <summary>
/// Tag names and values over one tenant's stored spans that start in the window and match the request's query. The
/// query narrows the spans as Tempo's autocomplete does; one that does not parse (a half-typed query from an editor)
/// narrows nothing. Names and values are sorted (ordinal) and capped at <c>limit</c> per scope.
/// </summary>
public static class TagSearch
{
    /// <summary>The intrinsics a query can read, as the intrinsic scope lists them.</summary>
    public static readonly IReadOnlyList<string> Intrinsics =
    [
        "duration", "kind", "name", "rootName", "rootServiceName", "span:duration", "span:kind", "span:name", "span:status",
        "span:statusMessage", "status", "statusMessage", "trace:duration", "trace:rootName", "trace:rootService", "traceDuration",
    ];

    public static SearchTagsV2Response TagsV2(IQuerySpanSource? source, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tags = new TagSets();
        Collect(source, request, tags);
        var response = new SearchTagsV2Response { Metrics = new MetadataMetrics { CompletedJobs = 1, TotalJobs = 1 } };
        var scope = request.Scope;
        AddScope(response, scope, SearchParameterNames.ScopeSpan, tags.Span, request.Limit);
        AddScope(response, scope, SearchParameterNames.ScopeResource, tags.Resource, request.Limit);
        AddScope(response, scope, SearchParameterNames.ScopeEvent, tags.Event, request.Limit);
        AddScope(response, scope, SearchParameterNames.ScopeLink, tags.Link, request.Limit);
        AddScope(response, scope, SearchParameterNames.ScopeInstrumentation, tags.Instrumentation, request.Limit);

        if (scope is SearchParameterNames.ScopeNone or SearchParameterNames.ScopeIntrinsic)
        {
            response.Scopes.Add(Scope(SearchParameterNames.ScopeIntrinsic, Intrinsics, request.Limit));
        }

        return response;
    }

    /// <summary>v1: span and resource attribute names together, without scopes or intrinsics.</summary>
    public static SearchTagsResponse Tags(IQuerySpanSource? source, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var all = new SortedSet<string>(StringComparer.Ordinal);
        Collect(source, request, new TagSets(all, all));
        var response = new SearchTagsResponse { Metrics = new MetadataMetrics { CompletedJobs = 1, TotalJobs = 1 } };
        response.TagNames.Add(Capped(all, request.Limit));
        return response;
    }

    /// <summary>The distinct values of a field (<c>resource.service.name</c>, <c>.foo</c>, <c>name</c>, <c>status</c>) with their types.</summary>
    public static SearchTagValuesV2Response TagValuesV2(IQuerySpanSource? source, string tag, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SearchTagValuesV2Response { Metrics = new MetadataMetrics { CompletedJobs = 1, TotalJobs = 1 } };
        foreach (var v in Values(source, Field(tag), request))
        {
            response.TagValues.Add(new TagValue { Type = WireValues.TypeName(v), Value = WireValues.Text(v) });
        }

        return response;
    }

    /// <summary>v1: the values of an unscoped attribute name as strings.</summary>
    public static SearchTagValuesResponse TagValues(IQuerySpanSource? source, string tag, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SearchTagValuesResponse { Metrics = new MetadataMetrics { CompletedJobs = 1, TotalJobs = 1 } };
        var field = new FieldRef(AttributeScope.None, Intrinsic.None, tag, "." + tag);
        foreach (var v in Values(source, field, request))
        {
            response.TagValues.Add(WireValues.Text(v));
        }

        return response;
    }

    private static FieldRef Field(string tag)
    {
        try
        {
            return TraceQLCompiler.ParseField(tag);
        }
        catch (TraceQLParseException e)
        {
            throw new TraceQLQueryException($"invalid tag '{tag}': {e.Message}", e);
        }
    }

    private static List<StaticValue> Values(IQuerySpanSource? source, FieldRef field, SearchRequest request)
    {
        var values = new HashSet<StaticValue>();
        if (source is not null)
        {
            var filter = LenientFilter(request.Query);
            var chunks = source.Chunks(request.StartUnixNano, request.EndUnixNano);
            var traces = filter.UsesTraceFields || field.IsTraceLevel ? MetricsEvaluator.ResolveTraces(chunks) : null;
            foreach (var chunk in chunks)
            {
                foreach (ref readonly var span in chunk.Span)
                {
                    var trace = traces is not null && traces.TryGetValue(span.TraceId, out var t) ? t : default;
                    if (!InWindow(span, request) || !filter.Matches(span, trace))
                    {
                        continue;
                    }

                    if (field.IsPerElement)
                    {
                        // Every event (link) of the span has its own value.
                        var count = FieldReader.ElementCount(field, span);
                        for (var i = 0; i < count; i++)
                        {
                            AddValue(values, FieldReader.ReadElement(field, span, i));
                        }
                    }
                    else
                    {
                        AddValue(values, FieldReader.Read(field, span, trace));
                    }
                }
            }
        }

        var sorted = values.ToList();
        sorted.Sort((a, b) => string.CompareOrdinal(WireValues.Text(a), WireValues.Text(b)));
        return request.Limit > 0 && sorted.Count > request.Limit ? sorted[..request.Limit] : sorted;
    }

    private static void AddValue(HashSet<StaticValue> values, in StaticValue v)
    {
        if (!v.IsNil)
        {
            values.Add(v);
        }
    }

    private static void AddScope(SearchTagsV2Response response, string requested, string name, SortedSet<string>? tags, int limit)
    {
        if (tags is not null && (requested == SearchParameterNames.ScopeNone || requested == name))
        {
            response.Scopes.Add(Scope(name, tags, limit));
        }
    }

    private static void Collect(IQuerySpanSource? source, SearchRequest request, TagSets tags)
    {
        if (source is null)
        {
            return;
        }

        var filter = LenientFilter(request.Query);
        var chunks = source.Chunks(request.StartUnixNano, request.EndUnixNano);
        var traces = filter.UsesTraceFields ? MetricsEvaluator.ResolveTraces(chunks) : null;

        // Spans of one resource share its attribute array: read each array once.
        var seenResources = new HashSet<StoredAttribute[]>(ReferenceEqualityComparer.Instance);
        var seenScopes = new HashSet<StoredScope>(ReferenceEqualityComparer.Instance);
        foreach (var chunk in chunks)
        {
            foreach (ref readonly var s in chunk.Span)
            {
                var trace = traces is not null && traces.TryGetValue(s.TraceId, out var t) ? t : default;
                if (!InWindow(s, request) || !filter.Matches(s, trace))
                {
                    continue;
                }

                AddKeys(tags.Span, s.Attributes);
                if (seenResources.Add(s.Resource))
                {
                    AddKeys(tags.Resource, s.Resource);
                }

                if (tags.Event is not null)
                {
                    foreach (ref readonly var e in s.EventsOrEmpty)
                    {
                        AddKeys(tags.Event, e.Attributes);
                    }
                }

                if (tags.Link is not null)
                {
                    foreach (ref readonly var l in s.LinksOrEmpty)
                    {
                        AddKeys(tags.Link, l.Attributes);
                    }
                }

                if (tags.Instrumentation is not null && s.Scope is { } scope && seenScopes.Add(scope))
                {
                    AddKeys(tags.Instrumentation, scope.Attributes);
                }
            }
        }
    }

    private static void AddKeys(SortedSet<string> keys, StoredAttribute[] attributes)
    {
        foreach (ref readonly var a in attributes.AsSpan())
        {
            keys.Add(a.Key);
        }
    }

    private static bool InWindow(in StoredSpan span, SearchRequest request) =>
        span.StartUnixNano >= request.StartUnixNano && span.StartUnixNano <= request.EndUnixNano;

    private static SpanFilter LenientFilter(string query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return MatchAllFilter.Instance;
        }

        try
        {
            return Syntax.TraceQLQueryCheck.Parse(query).Filter;
        }
        catch (TraceQLQueryException)
        {
            return MatchAllFilter.Instance;
        }
    }

    private static SearchTagsV2Scope Scope(string name, IEnumerable<string> tags, int limit)
    {
        var scope = new SearchTagsV2Scope { Name = name };
        scope.Tags.Add(Capped(tags, limit));
        return scope;
    }

    private static IEnumerable<string> Capped(IEnumerable<string> tags, int limit) => limit > 0 ? tags.Take(limit) : tags;

    /// <summary>
    /// Attribute names per scope; v1 collects span and resource names into one set and leaves the other scopes out.
    /// </summary>
    private sealed class TagSets
    {
        public TagSets()
            : this(new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal))
        {
            Event = new SortedSet<string>(StringComparer.Ordinal);
            Link = new SortedSet<string>(StringComparer.Ordinal);
            Instrumentation = new SortedSet<string>(StringComparer.Ordinal);
        }

        public TagSets(SortedSet<string> span, SortedSet<string> resource)
        {
            Span = span;
            Resource = resource;
        }

        public SortedSet<string> Span { get; }

        public SortedSet<string> Resource { get; }

        public SortedSet<string>? Event { get; }

        public SortedSet<string>? Link { get; }

        public SortedSet<string>? Instrumentation { get; }
    }
}
