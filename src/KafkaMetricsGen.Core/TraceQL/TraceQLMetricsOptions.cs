namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Options of the TraceQL metrics query API (YAML <c>metrics_generator.traceql_metrics</c>, this project's own block).
/// Instances find each other through <see cref="Peers"/>: a static list of base URLs of the other instances (for example
/// one per pod of a StatefulSet through its headless service). A query to any instance asks every peer with
/// <c>local=true</c> for its own first-stage series and merges them with its own.
/// </summary>
public sealed class TraceQLMetricsOptions
{
    private const string KeyPrefix = "metrics_generator.traceql_metrics.";

    /// <summary><c>peers</c>: base URLs of the other instances (not this one).</summary>
    public IList<Uri> Peers { get; } = [];

    /// <summary><c>peer_timeout</c>: how long a peer may take to answer.</summary>
    public TimeSpan PeerTimeout { get; set; } = TraceQLMetricsDefaults.PeerTimeout;

    /// <summary><c>max_exemplars</c>: cap of the exemplars parameter (Tempo's frontend default 100).</summary>
    public int MaxExemplars { get; set; } = QueryRangeDefaults.MaxExemplars;

    /// <summary>
    /// <c>complete_block_timeout</c> of local blocks: a query may start at most this (plus 5 min) before now.
    /// </summary>
    public TimeSpan CompleteBlockTimeout { get; set; } = TraceQLMetricsDefaults.CompleteBlockTimeout;

    /// <summary>How long one query may evaluate (peers included) before it answers 422.</summary>
    public TimeSpan QueryTimeout { get; set; } = TraceQLMetricsDefaults.QueryTimeout;

    /// <summary>Series one query may produce before it answers 422; a request's <c>maxSeries</c> may lower it.</summary>
    public int MaxSeries { get; set; } = TraceQLMetricsDefaults.MaxSeries;

    public void Validate()
    {
        if (QueryTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("query timeout must be > 0");
        }

        if (MaxSeries <= 0)
        {
            throw new ArgumentException("max series must be > 0");
        }

        if (MaxExemplars < 0)
        {
            throw new ArgumentException(KeyPrefix + "max_exemplars: must be >= 0");
        }

        if (PeerTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException(KeyPrefix + "peer_timeout: must be > 0");
        }

        foreach (var p in Peers)
        {
            if (!p.IsAbsoluteUri || (p.Scheme != Uri.UriSchemeHttp && p.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException(KeyPrefix + $"peers: '{p}' is not an absolute http(s) URL");
            }
        }
    }
}
