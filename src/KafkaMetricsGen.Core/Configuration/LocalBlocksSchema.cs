namespace KafkaMetricsGen.Core.Configuration;

/// <summary><c>metrics_generator.processor.local_blocks</c> keys and defaults (Tempo v2.10, spec §3.2).</summary>
public static class LocalBlocksSchema
{
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

    public static readonly SectionSchema Section = new(
        ConfigField.Of(Block, ConfigSchema.Any),
        ConfigField.Of(Search, ConfigSchema.Any),
        ConfigField.Of(FlushCheckPeriod, PositiveDuration, TimeSpan.FromSeconds(10)),
        ConfigField.Of(TraceIdlePeriod, PositiveDuration, TimeSpan.FromSeconds(5)),
        ConfigField.Of(TraceLivePeriod, PositiveDuration, TimeSpan.FromSeconds(30)),
        ConfigField.Of(MaxBlockDuration, PositiveDuration, TimeSpan.FromMinutes(1)),
        ConfigField.Of(MaxBlockBytes, ConfigSchema.PositiveInt, 500_000_000L),
        ConfigField.Of(Concurrency, ConfigSchema.PositiveInt, 4L),
        ConfigField.Of(CompleteBlockTimeout, PositiveDuration, TimeSpan.FromHours(1)),
        ConfigField.Of(MaxLiveTraces, ConfigSchema.NonNegativeInt, 0L),
        ConfigField.Of(MaxLiveTracesBytes, ConfigSchema.NonNegativeInt, 250_000_000L),
        ConfigField.Of(FilterServerSpans, ConfigSchema.Bool, true),
        ConfigField.Of(FlushToStorage, ConfigSchema.Bool, false),
        ConfigField.Of(ConcurrentBlocks, ConfigSchema.PositiveInt, 10L),
        ConfigField.Of(TimeOverlapCutoff, ConfigSchema.Double.Where(static n => ConfigScalars.ParseDouble(n.Value!) is >= 0 and <= 1, "must be between 0 and 1"), 0.2));

    /// <summary>Per-tenant overridable keys in 2.x.</summary>
    public static readonly SectionSchema Overridable = new(Section.Fields.Where(static f =>
        f.Key is MaxLiveTraces or MaxBlockDuration or MaxBlockBytes or FlushCheckPeriod or TraceIdlePeriod or CompleteBlockTimeout));
}
