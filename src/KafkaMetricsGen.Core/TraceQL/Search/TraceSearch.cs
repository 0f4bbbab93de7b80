using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Wire.Tempo;
using OpenTelemetry.Proto.Common.V1;

namespace KafkaMetricsGen.Core.TraceQL.Search;

/// <summary>
/// <c>/api/search</c> over one tenant's stored spans: every span that starts in the window and matches the spanset filter
/// joins its trace's spanset; the most recently started traces come first, at most <c>limit</c> of them, each with up to
/// <c>spss</c> spans (earliest first) carrying the attributes the query names plus <c>service.name</c>, as Tempo shows them.
/// Root name, root service, trace start and duration come from the trace's stored spans.
/// </summary>
public static class TraceSearch
{
    public static SearchResponse Execute(IQuerySpanSource? source, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = ParseQuery(request.Query);
        var filter = query.Filter;
        var response = new SearchResponse { Metrics = new SearchMetrics { CompletedJobs = 1, TotalJobs = 1 } };
        if (source is null)
        {
            return response;
        }

        var chunks = source.Chunks(request.StartUnixNano, request.EndUnixNano);
        var traces = MetricsEvaluator.ResolveTraces(chunks);
        if (query.Spansets is not null)
        {
            filter = Spansets.SpansetEvaluator.Resolve(query.Spansets, chunks, traces);
        }

        var hits = new Dictionary<TraceId, List<StoredSpan>>();
        long inspected = 0;
        foreach (var chunk in chunks)
        {
            foreach (ref readonly var span in chunk.Span)
            {
                inspected++;
                if (span.StartUnixNano < request.StartUnixNano || span.StartUnixNano > request.EndUnixNano)
                {
                    continue;
                }

                traces.TryGetValue(span.TraceId, out var trace);
                if (!filter.MatchesAt((int)inspected - 1, span, trace))
                {
                    continue;
                }

                if (!hits.TryGetValue(span.TraceId, out var list))
                {
                    hits.Add(span.TraceId, list = []);
                }

                list.Add(span);
            }
        }

        response.Metrics.InspectedSpans = (ulong)inspected;
        response.Metrics.InspectedTraces = (uint)traces.Count;
        var chosen = hits.Keys
            .OrderByDescending(id => traces[id].StartUnixNano)
            .ThenBy(id => id.High).ThenBy(id => id.Low)
            .Take(request.Limit)
            .ToList();
        var stats = CountServices(chunks, chosen);
        var fields = FilterFields.Attributes(query.Filter);
        foreach (var id in chosen)
        {
            response.Traces.Add(Metadata(id, traces[id], hits[id], stats[id], fields, request.SpansPerSpanSet));
        }

        return response;
    }

    /// <summary>The spanset query of a search; metrics pipelines belong to the metrics API.</summary>
    public static TraceQLQuery ParseQuery(string query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return new TraceQLQuery(MatchAllFilter.Instance, null);
        }

        var parsed = Syntax.TraceQLQueryCheck.Parse(query);
        return !parsed.IsMetrics
            ? parsed
            : throw new TraceQLQueryException("a search takes a spanset query; send metrics queries to " + QueryParameterNames.QueryRangePath);
    }

    private static TraceSearchMetadata Metadata(TraceId id, TraceInfo trace, List<StoredSpan> matched, Dictionary<string, ServiceStats> stats, IReadOnlyList<FieldRef> fields, int spss)
    {
        var meta = new TraceSearchMetadata
        {
            TraceID = ExemplarSampler.TraceIdText(id),
            RootServiceName = trace.RootService ?? SearchDefaults.RootSpanNotYetReceived,
            RootTraceName = trace.RootName ?? SearchDefaults.RootSpanNotYetReceived,
            StartTimeUnixNano = trace.StartUnixNano,
            DurationMs = (uint)Math.Min(trace.DurationNano / 1_000_000, uint.MaxValue),
        };
        meta.ServiceStats.Add(stats);
        matched.Sort((a, b) => a.StartUnixNano.CompareTo(b.StartUnixNano));
        var set = new SearchSpanSet { Matched = (uint)matched.Count };
        var shown = spss == 0 ? matched.Count : Math.Min(spss, matched.Count);
        for (var i = 0; i < shown; i++)
        {
            set.Spans.Add(ToWire(matched[i], trace, fields));
        }

        meta.SpanSets.Add(set);
        meta.SpanSet = set;
        return meta;
    }

    private static SearchSpan ToWire(in StoredSpan span, in TraceInfo trace, IReadOnlyList<FieldRef> fields)
    {
        var wire = new SearchSpan
        {
            SpanID = span.SpanId.ToHex(),
            Name = span.Name,
            StartTimeUnixNano = span.StartUnixNano,
            DurationNanos = span.DurationNano,
        };
        var service = FieldReader.Find(span.Resource, LocalSpanKeys.ServiceName);
        if (!service.IsNil)
        {
            wire.Attributes.Add(WireValues.KeyValue(LocalSpanKeys.ServiceName, service));
        }

        foreach (var f in fields)
        {
            var value = FieldReader.Read(f, span, trace);
            if (!value.IsNil && !(f.Name == LocalSpanKeys.ServiceName && f.Scope != AttributeScope.Span))
            {
                wire.Attributes.Add(WireValues.KeyValue(f.Name, value));
            }
        }

        return wire;
    }

    private static Dictionary<TraceId, Dictionary<string, ServiceStats>> CountServices(IReadOnlyList<ReadOnlyMemory<StoredSpan>> chunks, List<TraceId> chosen)
    {
        var stats = new Dictionary<TraceId, Dictionary<string, ServiceStats>>(chosen.Count);
        foreach (var id in chosen)
        {
            stats[id] = new Dictionary<string, ServiceStats>(StringComparer.Ordinal);
        }

        foreach (var chunk in chunks)
        {
            foreach (ref readonly var span in chunk.Span)
            {
                if (!stats.TryGetValue(span.TraceId, out var byService))
                {
                    continue;
                }

                var svc = FieldReader.Find(span.Resource, LocalSpanKeys.ServiceName);
                var name = svc.Kind == StaticKind.String ? svc.String! : string.Empty;
                if (!byService.TryGetValue(name, out var s))
                {
                    byService.Add(name, s = new ServiceStats());
                }

                s.SpanCount++;
                if (span.Status == StatusCode.Error)
                {
                    s.ErrorCount++;
                }
            }
        }

        return stats;
    }
}
