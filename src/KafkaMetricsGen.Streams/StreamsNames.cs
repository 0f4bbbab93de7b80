namespace KafkaMetricsGen.Streams;

/// <summary>
/// Stable names of every processor, store and internal topic of the worker's topology. They appear in topic names,
/// state directories and committed offsets, so renaming one orphans state: change them only with a migration note.
/// </summary>
public static class StreamsNames
{
    /// <summary>Prefix of a source node; the input topic name follows.</summary>
    public const string SourcePrefix = "source-";

    /// <summary>Stage 1: decodes input records into span batches.</summary>
    public const string Decode = "decode";

    /// <summary>Branch that separates undecodable records from decoded ones.</summary>
    public const string DecodeBranch = "decode-branch";

    /// <summary>Sink of undecodable records.</summary>
    public const string DeadLetter = "dead-letter";

    /// <summary>Stage 2: splits each batch into one sub-batch per trace partition.</summary>
    public const string RouteByTrace = "route-by-trace";

    /// <summary>Repartition topic (and its sink) carrying sub-batches with trace affinity.</summary>
    public const string SpansByTrace = "spans-by-trace";

    /// <summary>Stage 3: runs the processors and emits per-window series deltas.</summary>
    public const string Generate = "generate";

    /// <summary>Repartition topic carrying series deltas with series affinity.</summary>
    public const string SeriesDeltas = "series-deltas";

    /// <summary>Stage 4: accumulates cumulative series and closes windows.</summary>
    public const string Aggregate = "aggregate";

    /// <summary>Service-graph pending half-edges (stage 3).</summary>
    public const string EdgeStore = "edge-store";

    /// <summary>Cumulative series state (stage 4).</summary>
    public const string SeriesStore = "series-store";

    public const string RepartitionSuffix = "-repartition";

    public const string ChangelogSuffix = "-changelog";

    /// <summary>The runtime name of a repartition topic: <c>{applicationId}-{name}-repartition</c>.</summary>
    public static string RepartitionTopic(string applicationId, string name) => $"{applicationId}-{name}{RepartitionSuffix}";

    /// <summary>The runtime name of a store's changelog topic: <c>{applicationId}-{store}-changelog</c>.</summary>
    public static string ChangelogTopic(string applicationId, string store) => $"{applicationId}-{store}{ChangelogSuffix}";

    /// <summary>Name of a per-topic node, e.g. <c>decode-spans</c>.</summary>
    public static string ForTopic(string node, string topic) => node + "-" + topic;
}
