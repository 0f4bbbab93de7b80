namespace KafkaMetricsGen.Streams;

/// <summary>
/// Stable names of every processor, store and internal topic of the topology. Streamiz derives changelog and
/// repartition topics from them (<c>{application.id}-{name}-changelog|-repartition</c>); renaming one orphans its state.
/// </summary>
public static class StreamsNames
{
    /// <summary>Source of input topic <c>t</c>: <c>source-t</c>.</summary>
    public const string SourcePrefix = "source-";

    /// <summary>Decode stage of input topic <c>t</c>: <c>decode-t</c>.</summary>
    public const string DecodePrefix = "decode-";

    /// <summary>The stateless step that gives keyless records of input topic <c>t</c> a key: <c>keyless-t</c>.</summary>
    public const string KeylessPrefix = "keyless-";

    /// <summary>Dead-letter sink of input topic <c>t</c>: <c>dead-letter-t</c>.</summary>
    public const string DeadLetterPrefix = "dead-letter-";

    /// <summary>The route-by-trace split of input topic <c>t</c>: <c>route-by-trace-t</c>.</summary>
    public const string RouteByTracePrefix = "route-by-trace-";

    /// <summary>Repartition by tenant and trace id (internal topic <c>{app}-spans-by-trace-repartition</c>).</summary>
    public const string SpansByTrace = "spans-by-trace";

    public const string Generate = "generate";

    /// <summary>Commit hook of the decode stage of input topic <c>t</c> (holds no data): <c>decode-flush-t</c>.</summary>
    public const string DecodeFlushPrefix = "decode-flush-";

    /// <summary>Commit hook of the generate stage (holds no data).</summary>
    public const string GenerateFlush = "generate-flush";

    /// <summary>Repartition by series of the generate stage's deltas (internal topic <c>{app}-series-deltas-repartition</c>).</summary>
    public const string SeriesDeltas = "series-deltas";

    /// <summary>
    /// Repartition by series of the deltas the decode stage computes where records arrive (internal topic
    /// <c>{app}-local-series-deltas-repartition</c>): a topic of its own, because merging the decode and generate streams
    /// would make one sub-topology, and one task, of both stages.
    /// </summary>
    public const string LocalSeriesDeltas = "local-series-deltas";

    /// <summary>The stateless step that keys the decode stage's deltas of input topic <c>t</c> by series partition: <c>series-key-t</c>.</summary>
    public const string SeriesKeyPrefix = "series-key-";

    /// <summary>The merge of both series-deltas topics before the aggregate stage.</summary>
    public const string MergeSeries = "merge-series";

    public const string Aggregate = "aggregate";

    /// <summary>Commit hook of the aggregate stage (holds no data): writes the pending windows before each commit.</summary>
    public const string AggregateFlush = "aggregate-flush";

    /// <summary>Cumulative series, pending windows and upstream watermarks.</summary>
    public const string SeriesStore = "series-store";

    /// <summary>
    /// Repartition by tenant of the deltas the aggregate stage's limiters refused, with the aggregate tasks' watermarks
    /// (internal topic <c>{app}-overflow-deltas-repartition</c>): each tenant's overflow series then has one writer.
    /// </summary>
    public const string OverflowDeltas = "overflow-deltas";

    /// <summary>The writer of each tenant's overflow series (+ sink).</summary>
    public const string Overflow = "overflow";

    /// <summary>The overflow writer's cumulative overflow series, pending windows and the aggregate tasks' watermarks.</summary>
    public const string OverflowStore = "overflow-store";

    /// <summary>Pending service-graph edges.</summary>
    public const string EdgeStore = "edge-store";

    public const string RepartitionSuffix = "-repartition";

    public const string ChangelogSuffix = "-changelog";

    /// <summary>Header names on dead-letter records.</summary>
    public const string ErrorReasonHeader = "x-error-reason";

    public const string ErrorDetailHeader = "x-error-detail";

    public const string ErrorSourceTopicHeader = "x-error-source-topic";

    /// <summary>Dead-letter header: the original value length of a copy whose value was truncated to fit the topic.</summary>
    public const string ErrorTruncatedFromHeader = "x-error-truncated-from";

    public static string RepartitionTopic(string applicationId, string name) => $"{applicationId}-{name}{RepartitionSuffix}";

    public static string ChangelogTopic(string applicationId, string store) => $"{applicationId}-{store}{ChangelogSuffix}";
}
