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

        var pipeline = query.Metrics ?? throw new TraceQLQueryException("not a metrics query: add a metrics function such as '| rate()'");
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
            var source = _sources.Find(tenant);
            var first = source is null
                ? new FirstStageResult(range) { ExemplarLimit = request.Exemplars }
                : MetricsEvaluator.Evaluate(query, range, source, request.Exemplars, maxSeries, linked.Token);
            string? partial = null;
            if (!request.Local && _peers is not null && _options.Peers.Count > 0)
            {
                partial = await MergePeersAsync(first, pipeline, tenant, request, linked.Token).ConfigureAwait(false);
                linked.Token.ThrowIfCancellationRequested();
            }

            IReadOnlyList<MetricsSeries> series = request.Local
                ? [.. first.Series.Values]
                : SeriesCombiner.Finalize(first, pipeline);
            if (series.Count > maxSeries)
            {
                throw MetricsEvaluator.SeriesLimit(maxSeries);
            }

            return new MetricsQueryResult(range, series, first.InspectedSpans, partial);
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

    private async Task<string?> MergePeersAsync(FirstStageResult first, MetricsPipeline pipeline, string tenant, MetricsQueryRequest request, CancellationToken ct)
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
                SeriesCombiner.Merge(first, pipeline, QueryResponseEncoder.FromRange(response, first.Range));
                first.InspectedSpans += (long)(response.Metrics?.InspectedSpans ?? 0);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or Google.Protobuf.InvalidProtocolBufferException)
            {
                // A missing peer makes the answer incomplete, not wrong: say so (PARTIAL) rather than fail the query.
                (failures ??= []).Add($"peer {peer} failed: {e.Message}");
            }
        }

        return failures is null ? null : string.Join("; ", failures);
    }
}
