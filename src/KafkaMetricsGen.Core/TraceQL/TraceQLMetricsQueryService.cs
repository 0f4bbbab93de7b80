namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Answers TraceQL metrics queries for one tenant over this instance's local blocks and, unless the request is itself
/// local, its peers' first-stage series: parse, check the range against the retention window, evaluate, merge, finish
/// (avg, quantiles, topk/bottomk). A tenant only ever reads its own spans.
/// </summary>
public sealed class TraceQLMetricsQueryService
{
    private readonly IQuerySpanSourceProvider _sources;
    private readonly TraceQLMetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly IMetricsPeerClient? _peers;

    public TraceQLMetricsQueryService(IQuerySpanSourceProvider sources, TraceQLMetricsOptions options, TimeProvider time, IMetricsPeerClient? peers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _sources = sources;
        _options = options;
        _time = time;
        _peers = peers;
    }

    public TraceQLMetricsOptions Options => _options;

    /// <summary>Reads the request parameters (see <see cref="MetricsQueryRequestParser"/>) at the current time.</summary>
    public MetricsQueryRequest ParseRequest(Func<string, string?> parameter, bool instant) =>
        MetricsQueryRequestParser.Parse(parameter, _time.GetUtcNow(), instant, _options.MaxExemplars);

    public async Task<MetricsQueryResult> QueryAsync(string tenant, MetricsQueryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = Syntax.TraceQLQueryCheck.Parse(request.Query);

        if (!query.IsMetrics)
        {
            throw new TraceQLQueryException("not a metrics query: add a metrics function such as '| rate()'");
        }

        if (query.ExemplarsHint is { } hinted && !request.Instant && !request.Local)
        {
            request = request with { Exemplars = Math.Min(hinted, (uint)_options.MaxExemplars) };
        }

        CheckWindow(request);
        CheckIntervals(request);
        var range = request.Range.Align();
        var maxSeries = request.MaxSeries > 0 ? Math.Min(request.MaxSeries, _options.MaxSeries) : _options.MaxSeries;
        using var deadline = new CancellationTokenSource(_options.QueryTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var leaves = query.Math?.Leaves() ?? [query];
            var source = _sources.Find(tenant);
            var firsts = new FirstStageResult[leaves.Count];
            for (var i = 0; i < leaves.Count; i++)
            {
                firsts[i] = source is null
                    ? new FirstStageResult(range) { ExemplarLimit = request.Exemplars }
                    : MetricsEvaluator.Evaluate(leaves[i], range, source, request.Exemplars, maxSeries, linked.Token);
            }

            string? partial = null;
            if (!request.Local && _peers is not null && _options.Peers.Count > 0)
            {
                partial = await MergePeersAsync(firsts, leaves, tenant, request, linked.Token).ConfigureAwait(false);
                linked.Token.ThrowIfCancellationRequested();
            }

            var series = request.Local ? FirstStages(firsts, query.Math is not null) : Finish(query, firsts, leaves);
            if (series.Count > maxSeries)
            {
                throw MetricsEvaluator.SeriesLimit(maxSeries);
            }

            long inspected = 0;
            foreach (var f in firsts)
            {
                inspected += f.InspectedSpans;
            }

            return new MetricsQueryResult(range, series, inspected, partial);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TraceQLQueryException(
                $"query ran past its deadline of {GoDurations.Format(_options.QueryTimeout)} (the query timeout): narrow the range or the filter",
                e,
                TraceQLQueryException.LimitStatusCode);
        }
    }

    /// <summary>Tempo's frontend check, on the range as asked (before alignment widens it).</summary>
    private static void CheckIntervals(MetricsQueryRequest request)
    {
        if (request.Instant)
        {
            return;
        }

        var span = request.EndUnixNano - request.StartUnixNano;
        if (span / request.StepNano > TraceQLMetricsDefaults.MaxIntervals)
        {
            var minimum = (long)(span / (ulong)TraceQLMetricsDefaults.MaxIntervals);
            throw new TraceQLQueryException(
                $"step of {GoDurations.Format((long)request.StepNano)} is too small, minimum step for given range is {GoDurations.Format(minimum)} (at most {TraceQLMetricsDefaults.MaxIntervals} intervals, Tempo's max_intervals)");
        }
    }

    private void CheckWindow(MetricsQueryRequest request)
    {
        var oldest = _time.GetUtcNow() - _options.CompleteBlockTimeout - TraceQLMetricsDefaults.StartSlack;
        var oldestNano = (ulong)Math.Max(0, oldest.ToUnixTimeMilliseconds()) * 1_000_000;
        if (request.StartUnixNano < oldestNano)
        {
            throw new TraceQLQueryException("time range must be within last " + GoDurations.Format(_options.CompleteBlockTimeout));
        }
    }

    /// <summary>
    /// What a peer answers: the mergeable first stage. For arithmetic between queries each leaf's series carry the leaf's
    /// place in <see cref="TraceQLKeywords.QueryFragmentLabel"/> (Tempo's <c>__query_fragment</c>), so they merge back apart.
    /// </summary>
    private static List<MetricsSeries> FirstStages(FirstStageResult[] firsts, bool tagged)
    {
        if (!tagged)
        {
            return [.. firsts[0].Series.Values];
        }

        var all = new List<MetricsSeries>();
        for (var i = 0; i < firsts.Length; i++)
        {
            var fragment = new SeriesLabel(TraceQLKeywords.QueryFragmentLabel, StaticValue.OfString(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var s in firsts[i].Series.Values)
            {
                var copy = new MetricsSeries([.. s.Labels, fragment], s.Values);
                copy.Exemplars.AddRange(s.Exemplars);
                all.Add(copy);
            }
        }

        return all;
    }

    /// <summary>Each leaf finished on its own (avg, quantiles, its second stages), then the arithmetic between them.</summary>
    private static List<MetricsSeries> Finish(TraceQLQuery query, FirstStageResult[] firsts, List<TraceQLQuery> leaves)
    {
        if (query.Math is null)
        {
            return SeriesCombiner.Finalize(firsts[0], query.Metrics!);
        }

        var finished = new List<MetricsSeries>[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            finished[i] = SeriesCombiner.Finalize(firsts[i], leaves[i].Metrics!);
        }

        var series = query.Math.Evaluate(finished);
        series.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        ExemplarCombiner.Cap(series, firsts[0].ExemplarLimit, firsts[0].Range);
        return series;
    }

    private async Task<string?> MergePeersAsync(FirstStageResult[] firsts, List<TraceQLQuery> leaves, string tenant, MetricsQueryRequest request, CancellationToken ct)
    {
        var tasks = new List<(Uri Peer, Task<Wire.Tempo.QueryRangeResponse> Call)>(_options.Peers.Count);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PeerTimeout);
        foreach (var peer in _options.Peers)
        {
            tasks.Add((peer, _peers!.QueryLocalAsync(peer, tenant, request with { Local = true }, timeout.Token)));
        }

        List<string>? failures = null;
        foreach (var (peer, call) in tasks)
        {
            try
            {
                var response = await call.ConfigureAwait(false);
                var series = QueryResponseEncoder.FromRange(response, firsts[0].Range);
                if (leaves.Count == 1)
                {
                    SeriesCombiner.Merge(firsts[0], leaves[0].Metrics!, series);
                }
                else
                {
                    MergeFragments(firsts, leaves, series);
                }

                firsts[0].InspectedSpans += (long)(response.Metrics?.InspectedSpans ?? 0);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or Google.Protobuf.InvalidProtocolBufferException or InvalidDataException)
            {
                // A missing peer makes the answer incomplete, not wrong: say so (PARTIAL) rather than fail the query.
                (failures ??= []).Add($"peer {peer} failed: {e.Message}");
            }
        }

        return failures is null ? null : string.Join("; ", failures);
    }

    private static void MergeFragments(FirstStageResult[] firsts, List<TraceQLQuery> leaves, IEnumerable<MetricsSeries> series)
    {
        foreach (var s in series)
        {
            var at = Array.FindIndex(s.Labels, static l => l.Name == TraceQLKeywords.QueryFragmentLabel);
            if (at < 0 || !int.TryParse(s.Labels[at].Value.String, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var leaf)
                || leaf >= leaves.Count)
            {
                throw new InvalidDataException($"answered a series without a valid {TraceQLKeywords.QueryFragmentLabel} label for a query with arithmetic: {s.Key}");
            }

            var stripped = new MetricsSeries([.. s.Labels.Where((_, i) => i != at)], s.Values);
            stripped.Exemplars.AddRange(s.Exemplars);
            SeriesCombiner.Merge(firsts[leaf], leaves[leaf].Metrics!, [stripped]);
        }
    }
}
