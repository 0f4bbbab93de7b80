namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// The registry settings of one tenant: Tempo's <c>metrics_generator.registry</c> block, the per-tenant overrides the
/// registry reads, and our event-time window settings. Property docs give the YAML key.
/// </summary>
public sealed class RegistryOptions
{
    /// <summary><c>collection_interval</c>: window length; samples are stamped at window ends.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(RegistryDefaults.CollectionIntervalSeconds);

    /// <summary><c>stale_duration</c>: a series not updated by event time for this long is ended and dropped.</summary>
    public TimeSpan StaleDuration { get; set; } = TimeSpan.FromMinutes(RegistryDefaults.StaleDurationMinutes);

    /// <summary><c>external_labels</c>: added to every series, overriding span-derived labels of the same name.</summary>
    public IDictionary<string, string> ExternalLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>inject_tenant_id_as</c>: when set, the label <c>&lt;name&gt;=&lt;tenant&gt;</c> is added (wins over external labels).</summary>
    public string InjectTenantIdAs { get; set; } = string.Empty;

    /// <summary><c>max_label_name_length</c>, bytes.</summary>
    public int MaxLabelNameLength { get; set; } = RegistryDefaults.MaxLabelNameLength;

    /// <summary><c>max_label_value_length</c>, bytes.</summary>
    public int MaxLabelValueLength { get; set; } = RegistryDefaults.MaxLabelValueLength;

    /// <summary>Override <c>max_active_series</c>: 0 = unlimited; over it, new series go to the overflow series.</summary>
    public int MaxActiveSeries { get; set; } = RegistryDefaults.MaxActiveSeries;

    /// <summary><c>limiter_type</c>: which of the two limits applies, <c>max_active_series</c> or <c>max_active_entities</c>.</summary>
    public Limiters.LimiterType LimiterType { get; set; }

    /// <summary>
    /// Override <c>max_active_entities</c> (with <c>limiter_type: entity</c>): 0 = unlimited; over it, the series of new
    /// entities go to the overflow series.
    /// </summary>
    public int MaxActiveEntities { get; set; } = RegistryDefaults.MaxActiveEntities;

    /// <summary>
    /// Override <c>max_cardinality_per_label</c>: 0 = off; over it (estimated over the stale duration), a label's values
    /// become <c>__cardinality_overflow__</c> in every metric but the info metrics.
    /// </summary>
    public long MaxCardinalityPerLabel { get; set; }

    /// <summary>Override <c>span_name_sanitization</c>: cluster span names (DRAIN) and count, or replace, them.</summary>
    public Sanitizer.SpanNameSanitization SpanNameSanitization { get; set; }

    /// <summary>Override <c>generate_native_histograms</c>: <c>classic</c> | <c>native</c> | <c>both</c>.</summary>
    public HistogramMode GenerateNativeHistograms { get; set; } = HistogramMode.Classic;

    /// <summary>Override <c>native_histogram_bucket_factor</c> (&gt; 1).</summary>
    public double NativeHistogramBucketFactor { get; set; } = RegistryDefaults.NativeHistogramBucketFactor;

    /// <summary>Override <c>native_histogram_max_bucket_number</c>.</summary>
    public int NativeHistogramMaxBucketNumber { get; set; } = RegistryDefaults.NativeHistogramMaxBucketNumber;

    /// <summary>Override <c>native_histogram_min_reset_duration</c>.</summary>
    public TimeSpan NativeHistogramMinResetDuration { get; set; } = TimeSpan.FromMinutes(RegistryDefaults.NativeHistogramMinResetDurationMinutes);

    /// <summary>Override <c>trace_id_label_name</c>: the exemplar label carrying the trace id.</summary>
    public string TraceIdLabelName { get; set; } = RegistryDefaults.TraceIdLabelName;

    /// <summary>Override <c>disable_collection</c>: windows still close and state is kept, but nothing is written.</summary>
    public bool DisableCollection { get; set; }

    /// <summary><c>window_grace</c> (ours): a window closes when the watermark reaches its end plus this.</summary>
    public TimeSpan WindowGrace { get; set; } = TimeSpan.FromSeconds(RegistryDefaults.WindowGraceSeconds);

    /// <summary><c>allowed_lateness</c> (ours): how far behind the watermark an observation still counts in its own window.</summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromSeconds(RegistryDefaults.AllowedLatenessSeconds);

    /// <summary><c>future_slack</c> (ours): observations further ahead of max(watermark, clock) are rejected.</summary>
    public TimeSpan FutureSlack { get; set; } = TimeSpan.FromSeconds(RegistryDefaults.FutureSlackSeconds);

    public long CollectionIntervalMs => (long)CollectionInterval.TotalMilliseconds;

    /// <summary>Parses a <c>generate_native_histograms</c> value; throws naming the key on anything else.</summary>
    public static HistogramMode ParseHistogramMode(string value) => value switch
    {
        RegistrySchema.Classic or "" => HistogramMode.Classic,
        RegistrySchema.Native => HistogramMode.Native,
        RegistrySchema.Both => HistogramMode.Both,
        _ => throw new InvalidOperationException($"{RegistrySchema.TenantPath(RegistrySchema.GenerateNativeHistograms)}: must be classic, native or both, got '{value}'"),
    };

    /// <summary>Parses a <c>span_name_sanitization</c> value; throws naming the key on anything else.</summary>
    public static Sanitizer.SpanNameSanitization ParseSpanNameSanitization(string value) => value switch
    {
        "" => Sanitizer.SpanNameSanitization.Disabled,
        RegistrySchema.DryRun => Sanitizer.SpanNameSanitization.DryRun,
        RegistrySchema.Enabled => Sanitizer.SpanNameSanitization.Enabled,
        _ => throw new InvalidOperationException($"{RegistrySchema.TenantPath(RegistrySchema.SpanNameSanitization)}: must be \"\", dry_run or enabled, got '{value}'"),
    };

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first invalid key.</summary>
    public void Validate()
    {
        Require(CollectionInterval >= TimeSpan.FromMilliseconds(1) && CollectionInterval.Ticks % TimeSpan.TicksPerMillisecond == 0, RegistrySchema.Path(RegistrySchema.CollectionInterval), "must be a positive whole number of milliseconds");
        Require(StaleDuration > TimeSpan.Zero, RegistrySchema.Path(RegistrySchema.StaleDuration), "must be > 0");
        Require(MaxLabelNameLength > 0, RegistrySchema.Path(RegistrySchema.MaxLabelNameLength), "must be > 0");
        Require(MaxLabelValueLength > 0, RegistrySchema.Path(RegistrySchema.MaxLabelValueLength), "must be > 0");
        Require(MaxActiveSeries >= 0, RegistrySchema.TenantPath(RegistrySchema.MaxActiveSeries), "must be >= 0 (0 = unlimited)");
        Require(Enum.IsDefined(LimiterType), RegistrySchema.Path(RegistrySchema.LimiterType), "must be series or entity");
        Require(MaxActiveEntities >= 0, RegistrySchema.TenantPath(RegistrySchema.MaxActiveEntities), "must be >= 0 (0 = unlimited)");
        Require(MaxCardinalityPerLabel >= 0, RegistrySchema.TenantPath(RegistrySchema.MaxCardinalityPerLabel), "must be >= 0 (0 = off)");
        Require(Enum.IsDefined(SpanNameSanitization), RegistrySchema.TenantPath(RegistrySchema.SpanNameSanitization), "must be \"\", dry_run or enabled");
        Require(Enum.IsDefined(GenerateNativeHistograms), RegistrySchema.TenantPath(RegistrySchema.GenerateNativeHistograms), "must be classic, native or both");
        Require(NativeHistogramBucketFactor > 1 && double.IsFinite(NativeHistogramBucketFactor), RegistrySchema.TenantPath(RegistrySchema.NativeHistogramBucketFactor), "must be > 1");
        Require(NativeHistogramMaxBucketNumber >= 0, RegistrySchema.TenantPath(RegistrySchema.NativeHistogramMaxBucketNumber), "must be >= 0 (0 = unlimited)");
        Require(NativeHistogramMinResetDuration >= TimeSpan.Zero, RegistrySchema.TenantPath(RegistrySchema.NativeHistogramMinResetDuration), "must be >= 0");
        Require(!string.IsNullOrEmpty(TraceIdLabelName), RegistrySchema.TenantPath(RegistrySchema.TraceIdLabelName), "must not be empty");
        Require(WindowGrace >= TimeSpan.Zero, RegistrySchema.Path(RegistrySchema.WindowGrace), "must be >= 0");
        Require(AllowedLateness >= TimeSpan.Zero, RegistrySchema.Path(RegistrySchema.AllowedLateness), "must be >= 0");
        Require(FutureSlack >= TimeSpan.Zero, RegistrySchema.Path(RegistrySchema.FutureSlack), "must be >= 0");
        foreach (var (name, value) in ExternalLabels)
        {
            Require(name.Length > 0 && value.Length > 0, RegistrySchema.Path(RegistrySchema.ExternalLabels), "names and values must not be empty");
        }
    }

    private static void Require(bool ok, string key, string message)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{key}: {message}");
        }
    }
}
