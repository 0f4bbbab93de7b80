using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Tenancy;

namespace KafkaMetricsGen.Offline;

/// <summary>
/// One tenant's span metrics, service graphs and host info over a finite input, with the registry in-process. Push every batch,
/// then <see cref="Finish"/>: pending edges are expired (virtual nodes emitted, the rest counted) and every window is
/// closed and written. When the tenant's <c>processors</c> list names none of the three, span metrics and service graphs run with every kind.
/// </summary>
public sealed class OfflinePipeline : IDisposable
{
    private readonly OfflineClock _clock;
    private readonly TenantProcessors _processors;
    private readonly TimeSpan _wait;
    private readonly long _maxEmptyMs;

    public OfflinePipeline(TenantSettings settings, TimeProvider wallClock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(wallClock);
        Tenant = settings.Tenant;
        _clock = new OfflineClock(wallClock.GetUtcNow());
        Registry = new InProcessRegistry(settings.Tenant, OfflineRegistryOptions(settings.RegistryOptions), wallClock);

        var selection = settings.Processors;
        var anyChosen = selection.SpanMetrics || selection.ServiceGraphs || selection.HostInfo;
        var spanKinds = anyChosen ? selection.SpanMetricsKinds : SpanMetricsSubprocessor.All;
        var graphKinds = anyChosen ? selection.ServiceGraphsKinds : ServiceGraphsSubProcessors.Request | ServiceGraphsSubProcessors.Latency;
        _processors = new TenantProcessors(
            settings.Tenant,
            new TenantProcessorsOptions
            {
                SpanMetrics = settings.SpanMetricsOptions,
                SpanMetricsKinds = spanKinds,
                ServiceGraphs = settings.ServiceGraphsOptions,
                ServiceGraphsKinds = graphKinds,
                HostInfo = selection.HostInfo ? settings.HostInfoOptions : null,
            },
            Registry,
            _clock);

        _wait = settings.ServiceGraphsOptions.Wait;
        _maxEmptyMs = (long)settings.RegistryOptions.StaleDuration.TotalMilliseconds;
    }

    public string Tenant { get; }

    public InProcessRegistry Registry { get; }

    /// <summary>Spans pushed so far.</summary>
    public long Spans { get; private set; }

    public void Push(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Spans += batch.SpanCount;
        if (!batch.SkipMetricsGeneration)
        {
            // Counts the spans stamped beyond the clock + future_slack; the registry rejects their observations.
            Registry.Deltas.Admit(batch);
        }

        _processors.Push(batch);
    }

    /// <summary>End of input: expires every pending edge, then writes every window; returns how many windows.</summary>
    public int Finish(ISeriesAppender appender)
    {
        if (_processors.ServiceGraphs)
        {
            _clock.Advance(_wait + TimeSpan.FromSeconds(ProcessDefaults.ExpiryMarginSeconds));
            _processors.Expire();
        }

        return Registry.Flush(appender, _maxEmptyMs);
    }

    public void Dispose() => _processors.Dispose();

    /// <summary>
    /// The tenant's registry settings with the streaming-only limits lifted: input timestamps may be years old and far
    /// apart, and every series should show its final value rather than end as stale. The future slack stays: input is
    /// history, so a span ahead of the wall clock is a bad clock. Stretches longer than <c>stale_duration</c> without
    /// spans are skipped at the end rather than written window by window.
    /// </summary>
    private static RegistryOptions OfflineRegistryOptions(RegistryOptions source)
    {
        var unbounded = TimeSpan.FromDays(ProcessDefaults.UnboundedDays);
        var options = new RegistryOptions
        {
            CollectionInterval = source.CollectionInterval,
            StaleDuration = unbounded,
            InjectTenantIdAs = source.InjectTenantIdAs,
            MaxLabelNameLength = source.MaxLabelNameLength,
            MaxLabelValueLength = source.MaxLabelValueLength,
            MaxActiveSeries = source.MaxActiveSeries,
            LimiterType = source.LimiterType,
            MaxActiveEntities = source.MaxActiveEntities,
            MaxCardinalityPerLabel = source.MaxCardinalityPerLabel,
            SpanNameSanitization = source.SpanNameSanitization,
            GenerateNativeHistograms = source.GenerateNativeHistograms,
            NativeHistogramBucketFactor = source.NativeHistogramBucketFactor,
            NativeHistogramMaxBucketNumber = source.NativeHistogramMaxBucketNumber,
            NativeHistogramMinResetDuration = source.NativeHistogramMinResetDuration,
            TraceIdLabelName = source.TraceIdLabelName,
            DisableCollection = source.DisableCollection,
            WindowGrace = source.WindowGrace,
            AllowedLateness = unbounded,
            FutureSlack = source.FutureSlack,
        };
        foreach (var label in source.ExternalLabels)
        {
            options.ExternalLabels[label.Key] = label.Value;
        }

        return options;
    }
}
