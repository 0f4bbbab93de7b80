using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>
/// <c>metrics_generator.processor.local_blocks</c> (Tempo v2.10): the keys, written only here, and the schema
/// that checks them, with the defaults of <see cref="LocalBlocksDefaults"/>.
/// </summary>
public static class LocalBlocksSchema
{
    public const string Prefix = "metrics_generator.processor.local_blocks";
    public const string Block = "block";
    public const string Search = "search";
    public const string FlushCheckPeriod = "flush_check_period";
    public const string TraceIdlePeriod = "trace_idle_period";
    public const string TraceLivePeriod = "trace_live_period";
    public const string MaxBlockDuration = "max_block_duration";
    public const string MaxBlockBytes = "max_block_bytes";
    public const string Concurrency = "concurrency";
    public const string CompleteBlockTimeout = "complete_block_timeout";
    public const string MaxLiveTraces = "max_live_traces";
    public const string MaxLiveTracesBytes = "max_live_traces_bytes";
    public const string FilterServerSpans = "filter_server_spans";
    public const string FlushToStorage = "flush_to_storage";
    public const string ConcurrentBlocks = "concurrent_blocks";
    public const string TimeOverlapCutoff = "time_overlap_cutoff";

    private static readonly ConfigSchema PositiveDuration =
        ConfigSchema.Duration.Where(static n => GoDuration.Parse(n.Value!) > TimeSpan.Zero, "must be > 0");

    /// <summary>Why Tempo's live-trace keys are refused.</summary>
    private const string NoLiveTraces =
        "the worker writes each kept span to the tenant's store as it arrives; there are no live traces or head blocks to cut";

    /// <summary>
    /// The keys the store acts on, and Tempo's other keys refused with the reason: the store is a RocksDB database cut
    /// into <c>max_block_duration</c> segments, not Tempo's vParquet blocks.
    /// </summary>
    public static readonly SectionSchema Section = new(
        ConfigField.Of(Block, ConfigSchema.Unsupported("spans are kept in a RocksDB store, not in vParquet blocks")),
        ConfigField.Of(Search, ConfigSchema.Unsupported("spans are kept in a RocksDB store, not in vParquet blocks")),
        ConfigField.Of(FlushCheckPeriod, ConfigSchema.Unsupported(NoLiveTraces)),
        ConfigField.Of(TraceIdlePeriod, ConfigSchema.Unsupported(NoLiveTraces)),
        ConfigField.Of(TraceLivePeriod, ConfigSchema.Unsupported(NoLiveTraces)),
        ConfigField.Of(MaxBlockDuration, PositiveDuration, LocalBlocksDefaults.MaxBlockDuration),
        ConfigField.Of(MaxBlockBytes, ConfigSchema.PositiveInt, LocalBlocksDefaults.MaxBlockBytes),
        ConfigField.Of(Concurrency, ConfigSchema.Unsupported("a query reads the in-memory segments of the store directly")),
        ConfigField.Of(CompleteBlockTimeout, PositiveDuration, LocalBlocksDefaults.CompleteBlockTimeout),
        ConfigField.Of(MaxLiveTraces, ConfigSchema.Unsupported(NoLiveTraces + "; max_block_bytes bounds the store")),
        ConfigField.Of(MaxLiveTracesBytes, ConfigSchema.Unsupported(NoLiveTraces + "; max_block_bytes bounds the store")),
        ConfigField.Of(FilterServerSpans, ConfigSchema.Bool, LocalBlocksDefaults.FilterServerSpans),
        ConfigField.Of(FlushToStorage, ConfigSchema.Unsupported("the worker has no object storage; the store stays on local disk under traces_storage.path")),
        ConfigField.Of(ConcurrentBlocks, ConfigSchema.Unsupported("a query reads the in-memory segments of the store directly")),
        ConfigField.Of(TimeOverlapCutoff, ConfigSchema.Unsupported("a vParquet tuning knob; the store has no trace-level timestamp columns")));

    /// <summary>The full key path of <paramref name="key"/>, as errors name it.</summary>
    public static string Path(string key) => Prefix + "." + key;

    /// <summary>Per-tenant overridable keys in 2.x.</summary>
    public static readonly SectionSchema Overridable = new(Section.Fields.Where(static f =>
        f.Key is MaxLiveTraces or MaxBlockDuration or MaxBlockBytes or FlushCheckPeriod or TraceIdlePeriod or CompleteBlockTimeout));
}
