using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>
/// Applies Tempo's override rules to the main configuration. The block used for a tenant is its own
/// entry, else the <c>*</c> entry, else <c>overrides.defaults</c>; it is not merged with the defaults field by field,
/// except the native-histogram parameters, which fall back to the defaults when unset.
/// Processor keys in the block replace the main configuration's keys one by one.
/// </summary>
public sealed class TenantSettingsResolver
{
    private readonly ConfigNode _metricsGenerator;
    private readonly ConfigNode _defaults;

    /// <param name="metricsGenerator">The checked <c>metrics_generator</c> section (defaults are filled here).</param>
    /// <param name="defaults">The checked <c>overrides.defaults.metrics_generator</c> block.</param>
    public TenantSettingsResolver(ConfigNode? metricsGenerator, ConfigNode? defaults)
    {
        _metricsGenerator = MetricsGeneratorSchema.Section.WithDefaults(metricsGenerator)!;
        _defaults = defaults ?? ConfigNode.Map();
    }

    public TenantSettings Resolve(string tenant, OverridesFile file)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(file);
        var block = file.Tenants.TryGetValue(tenant, out var own) ? own
            : file.Tenants.TryGetValue(OverrideKeys.Wildcard, out var wildcard) ? wildcard
            : _defaults;

        var registry = _metricsGenerator.GetSection(MetricsGeneratorSchema.Registry);
        var processorNames = block.GetStrings(OverrideKeys.Processors) ?? [];
        var selection = ProcessorSelection.Parse(processorNames);

        var collectionInterval = block.GetDuration(OverrideKeys.CollectionInterval);
        if (collectionInterval == TimeSpan.Zero)
        {
            collectionInterval = registry.GetDuration(RegistrySchema.CollectionInterval);
        }

        var histograms = block.GetString(OverrideKeys.GenerateNativeHistograms);
        if (histograms.Length == 0)
        {
            histograms = RegistryDefaults.GenerateNativeHistograms;
        }

        var bucketFactor = FallBack(block, OverrideKeys.NativeHistogramBucketFactor, RegistryDefaults.NativeHistogramBucketFactor);
        var maxBuckets = (long)FallBack(block, OverrideKeys.NativeHistogramMaxBucketNumber, RegistryDefaults.NativeHistogramMaxBucketNumber);
        var minReset = block.GetDuration(OverrideKeys.NativeHistogramMinResetDuration);
        if (minReset == TimeSpan.Zero)
        {
            minReset = _defaults.GetDuration(OverrideKeys.NativeHistogramMinResetDuration);
            if (minReset == TimeSpan.Zero)
            {
                minReset = TimeSpan.FromMinutes(RegistryDefaults.NativeHistogramMinResetDurationMinutes);
            }
        }

        // Like the native-histogram parameters, an unset mode falls back to the defaults block (Tempo's rule).
        var sanitization = block.GetString(OverrideKeys.SpanNameSanitization);
        if (sanitization.Length == 0)
        {
            sanitization = _defaults.GetString(OverrideKeys.SpanNameSanitization);
        }

        var traceIdLabel = block.GetString(OverrideKeys.TraceIdLabelName);
        if (traceIdLabel.Length == 0)
        {
            traceIdLabel = RegistryDefaults.TraceIdLabelName;
        }

        var slack = block.GetDuration(OverrideKeys.IngestionTimeRangeSlack);
        if (slack == TimeSpan.Zero)
        {
            slack = _metricsGenerator.GetDuration(MetricsGeneratorSchema.MetricsIngestionTimeRangeSlack);
        }

        var processors = _metricsGenerator.GetSection(MetricsGeneratorSchema.Processor);
        var blockProcessors = block.GetSection(OverrideKeys.Processor);
        var spanMetrics = Overlay(processors.GetSection(MetricsGeneratorSchema.SpanMetrics), blockProcessors.Get(MetricsGeneratorSchema.SpanMetrics));
        if (selection.SpanMetricsLatencyResetsBuckets)
        {
            spanMetrics.Set(SpanMetricsSchema.HistogramBucketsKey, SpanMetricsSchema.Section.Field(SpanMetricsSchema.HistogramBucketsKey)!.Default!.Clone());
        }

        var serviceGraphs = Overlay(processors.GetSection(MetricsGeneratorSchema.ServiceGraphs), blockProcessors.Get(MetricsGeneratorSchema.ServiceGraphs));
        var localBlocks = Overlay(processors.GetSection(MetricsGeneratorSchema.LocalBlocks), blockProcessors.Get(MetricsGeneratorSchema.LocalBlocks));
        var hostInfo = Overlay(processors.GetSection(MetricsGeneratorSchema.HostInfo), blockProcessors.Get(MetricsGeneratorSchema.HostInfo));
        var headers = block.GetStringMap(OverrideKeys.RemoteWriteHeaders) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var remoteWriteUrls = block.GetStrings(OverrideKeys.RemoteWriteUrl)
            ?? (block.GetString(OverrideKeys.RemoteWriteUrl) is { Length: > 0 } one ? [one] : []);

        var effective = ConfigNode.Map();
        effective.Set(OverrideKeys.Processors, ConfigNode.ListOf(processorNames));
        effective.Set(OverrideKeys.MaxActiveSeries, Int(block.GetInt(OverrideKeys.MaxActiveSeries)));
        effective.Set(OverrideKeys.MaxActiveEntities, Int(block.GetInt(OverrideKeys.MaxActiveEntities)));
        effective.Set(OverrideKeys.MaxCardinalityPerLabel, Int(block.GetInt(OverrideKeys.MaxCardinalityPerLabel)));
        effective.Set(OverrideKeys.SpanNameSanitization, ConfigNode.Scalar(sanitization, quoted: true));
        effective.Set(OverrideKeys.CollectionInterval, ConfigNode.Scalar(GoDuration.Format(collectionInterval)));
        effective.Set(OverrideKeys.DisableCollection, ConfigNode.Scalar(ConfigScalars.Format(block.GetBool(OverrideKeys.DisableCollection))));
        effective.Set(OverrideKeys.GenerateNativeHistograms, ConfigNode.Scalar(histograms));
        effective.Set(OverrideKeys.NativeHistogramBucketFactor, ConfigNode.Scalar(ConfigScalars.Format(bucketFactor)));
        effective.Set(OverrideKeys.NativeHistogramMaxBucketNumber, Int(maxBuckets));
        effective.Set(OverrideKeys.NativeHistogramMinResetDuration, ConfigNode.Scalar(GoDuration.Format(minReset)));
        effective.Set(OverrideKeys.TraceIdLabelName, ConfigNode.Scalar(traceIdLabel, quoted: true));
        effective.Set(OverrideKeys.RemoteWriteHeaders, block.Get(OverrideKeys.RemoteWriteHeaders) is { Kind: ConfigNodeKind.Map } h ? h.Clone() : ConfigNode.Map());
        if (block.Get(OverrideKeys.RemoteWriteUrl) is { Kind: ConfigNodeKind.Scalar or ConfigNodeKind.List } urls)
        {
            effective.Set(OverrideKeys.RemoteWriteUrl, urls.Clone());
        }

        var effectiveProcessors = ConfigNode.Map();
        effectiveProcessors.Set(MetricsGeneratorSchema.SpanMetrics, spanMetrics);
        effectiveProcessors.Set(MetricsGeneratorSchema.ServiceGraphs, serviceGraphs);
        effectiveProcessors.Set(MetricsGeneratorSchema.LocalBlocks, localBlocks);
        effectiveProcessors.Set(MetricsGeneratorSchema.HostInfo, hostInfo);
        effective.Set(OverrideKeys.Processor, effectiveProcessors);

        var registryOptions = OptionsBinder.Registry(registry);
        registryOptions.CollectionInterval = collectionInterval;
        registryOptions.MaxActiveSeries = (int)Math.Min(int.MaxValue, block.GetInt(OverrideKeys.MaxActiveSeries));
        registryOptions.MaxActiveEntities = (int)Math.Min(int.MaxValue, block.GetInt(OverrideKeys.MaxActiveEntities));
        registryOptions.MaxCardinalityPerLabel = block.GetInt(OverrideKeys.MaxCardinalityPerLabel);
        registryOptions.SpanNameSanitization = RegistryOptions.ParseSpanNameSanitization(sanitization);
        registryOptions.GenerateNativeHistograms = RegistryOptions.ParseHistogramMode(histograms);
        registryOptions.NativeHistogramBucketFactor = bucketFactor;
        registryOptions.NativeHistogramMaxBucketNumber = (int)Math.Min(int.MaxValue, maxBuckets);
        registryOptions.NativeHistogramMinResetDuration = minReset;
        registryOptions.TraceIdLabelName = traceIdLabel;
        registryOptions.DisableCollection = block.GetBool(OverrideKeys.DisableCollection);
        if (slack > TimeSpan.Zero)
        {
            // Tempo drops spans that end further than the slack from its clock. By event time that is two rules: a span
            // more than the slack ahead of the clock is rejected (as in Tempo), and one more than the slack behind the
            // watermark is folded into the oldest open window and counted late (not dropped, so a replayed backlog counts).
            registryOptions.FutureSlack = slack;
            registryOptions.AllowedLateness = slack;
            effective.Set(OverrideKeys.IngestionTimeRangeSlack, ConfigNode.Scalar(GoDuration.Format(slack)));
        }

        var remoteWrite = new RemoteWriteTenantOverrides { Urls = [.. remoteWriteUrls] };
        foreach (var header in headers)
        {
            remoteWrite.Headers[header.Key] = header.Value;
        }

        return new TenantSettings
        {
            Tenant = tenant,
            Processors = selection,
            CollectionInterval = collectionInterval,
            DisableCollection = block.GetBool(OverrideKeys.DisableCollection),
            MaxActiveSeries = block.GetInt(OverrideKeys.MaxActiveSeries),
            GenerateNativeHistograms = histograms,
            NativeHistogramBucketFactor = bucketFactor,
            NativeHistogramMaxBucketNumber = maxBuckets,
            NativeHistogramMinResetDuration = minReset,
            TraceIdLabelName = traceIdLabel,
            RemoteWriteHeaders = headers,
            RemoteWriteUrl = remoteWriteUrls.Count > 0 ? remoteWriteUrls[0] : null,
            RemoteWriteUrls = remoteWriteUrls,
            SpanMetrics = spanMetrics,
            ServiceGraphs = serviceGraphs,
            LocalBlocks = localBlocks,
            HostInfo = hostInfo,
            Effective = effective,
            SpanMetricsOptions = OptionsBinder.SpanMetrics(spanMetrics),
            ServiceGraphsOptions = OptionsBinder.ServiceGraphs(serviceGraphs),
            HostInfoOptions = OptionsBinder.HostInfo(hostInfo),
            LocalBlocksOptions = OptionsBinder.LocalBlocks(localBlocks, _metricsGenerator),
            RegistryOptions = registryOptions,
            RemoteWriteOverrides = remoteWrite,
        };
    }

    /// <summary>
    /// Resolves every tenant the file names, plus one without an entry, and runs each options class's
    /// <c>Validate()</c>, so a bad value fails the load (or reload) instead of a later processor build.
    /// </summary>
    public void Validate(OverridesFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new ConfigErrors();
        foreach (var tenant in file.Tenants.Keys.Append(string.Empty))
        {
            var settings = Resolve(tenant, file);
            var context = tenant.Length == 0 ? string.Empty : "overrides." + tenant;
            errors.Capture(context, () => settings.SpanMetricsOptions.Validate());
            errors.Capture(context, settings.ServiceGraphsOptions.Validate);
            errors.Capture(context, settings.HostInfoOptions.Validate);
            if (settings.Processors.LocalBlocks)
            {
                errors.Capture(context, settings.LocalBlocksOptions.Validate);
            }

            errors.Capture(context, settings.RegistryOptions.Validate);
            errors.Capture(context, settings.RemoteWriteOverrides.Validate);
        }

        errors.ThrowIfAny();
    }

    private double FallBack(ConfigNode block, string key, double builtIn)
    {
        var value = block.GetDouble(key);
        if (value == 0)
        {
            value = _defaults.GetDouble(key);
        }

        return value == 0 ? builtIn : value;
    }

    private static ConfigNode Int(long value) => ConfigNode.Scalar(ConfigScalars.Format(value));

    /// <summary>Tempo's <c>copyWithOverrides</c>: each key set in the tenant block replaces the configured one.</summary>
    private static ConfigNode Overlay(ConfigNode configured, ConfigNode? tenant)
    {
        var result = configured.Clone();
        if (tenant is not { Kind: ConfigNodeKind.Map })
        {
            return result;
        }

        foreach (var entry in tenant.Entries)
        {
            if (entry.Value.IsNull)
            {
                continue;
            }

            if (entry.Key == SpanMetricsSchema.IntrinsicDimensions)
            {
                // Listed intrinsic dimensions change; unlisted ones keep the configured value.
                var merged = result.GetSection(SpanMetricsSchema.IntrinsicDimensions).Clone();
                foreach (var dim in entry.Value.Entries)
                {
                    merged.Set(dim.Key, dim.Value.Clone());
                }

                result.Set(entry.Key, merged);
            }
            else if (entry.Key == ServiceGraphsSchema.EnableClientServerPrefix)
            {
                // A tenant can only turn the prefix on.
                if (ConfigScalars.ParseBool(entry.Value.Value!))
                {
                    result.Set(entry.Key, entry.Value.Clone());
                }
            }
            else
            {
                result.Set(entry.Key, entry.Value.Clone());
            }
        }

        return result;
    }
}
