namespace KafkaMetricsGen.Bench;

/// <summary>Defaults of <c>bench throughput</c>.</summary>
public static class ThroughputBenchDefaults
{
    public const long Spans = 500_000;

    public const int Partitions = 16;

    /// <summary>0: as many as the input topic.</summary>
    public const int TracePartitions = 0;

    public const int SeriesPartitions = 4;

    /// <summary>9 synthetic traces of 11 spans: records of about 100 spans, like a batching OTLP exporter's.</summary>
    public const int TracesPerRecord = 9;

    /// <summary>The embedded broker keeps only the last 5 MiB per partition; the fill stays below this per partition.</summary>
    public const long MaxBytesPerPartition = 4L * 1024 * 1024;

    /// <summary>
    /// Bytes kept per byte of input. Decode outruns generate, so the spans-by-trace repartition topic (same partition
    /// count) briefly holds most of the input too, and a partition past 5 MiB silently drops the oldest records; keys
    /// also spread unevenly.
    /// </summary>
    public const double RetentionMargin = 1.3;

    /// <summary>Give up on the worker after this long (a lost record would otherwise never be counted).</summary>
    public static readonly TimeSpan WorkerTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Give up once counting has started and then not moved for this long (records were lost).</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How often the bench looks at the worker's progress.</summary>
    public static readonly TimeSpan ProgressPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How often it looks until the first span is decoded: the start-up ends at the look that sees it, so a look every
    /// <see cref="ProgressPoll"/> made the start-up up to that much longer than it was.
    /// </summary>
    public static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Pending edges an edge store may hold (<c>max_items</c>). Some edges of the synthetic traces never pair (calls to
    /// peers that send no spans) and wait for expiry: the single pass's one store, or the worker's few with a low
    /// <c>--trace-partitions</c>, passed the default 10,000 and refused most new edges, so the passes did different
    /// work. With room for every edge of the run they all pair the same requests.
    /// </summary>
    public const int MaxPendingEdges = 2_000_000;

    /// <summary>
    /// How long an edge waits for its other side: longer than any pass, so none expires during one. An expired edge to a
    /// peer that sends no spans becomes a virtual-node request, and a pass slow enough to see the default 10 s go by
    /// counted one per trace more than a fast one.
    /// </summary>
    public static readonly TimeSpan EdgeWait = TimeSpan.FromMinutes(30);

    /// <summary>How long a pass's service-graph requests must stay unchanged to count as settled.</summary>
    public static readonly TimeSpan RequestsSettle = TimeSpan.FromSeconds(3);

    /// <summary>The longest wait for them to settle.</summary>
    public static readonly TimeSpan RequestsSettleLimit = TimeSpan.FromSeconds(30);

    /// <summary>Windows of the bench's registry (short, so the last one closes soon after the last span).</summary>
    public static readonly TimeSpan CollectionInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan WindowGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Idle time and lag of the generate tasks (the worker's default is 5 s each): the bench's windows are 1 s, and once
    /// the topic is drained only the idle watermark closes the last one, so the default would add ~10 s of waiting to a
    /// run that measures processing.
    /// </summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan IdleLag = TimeSpan.FromSeconds(1);
}
