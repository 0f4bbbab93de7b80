using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// Maps checked, defaults-filled sections onto the stages' options classes. Only type conversion happens here; the
/// schemas have already rejected unknown keys and wrong types, and each options class validates its own values.
/// </summary>
public static class OptionsBinder
{
    public static SpanMetricsOptions SpanMetrics(ConfigNode section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var intrinsics = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var entry in section.GetSection(SpanMetricsSchema.IntrinsicDimensions).Entries)
        {
            intrinsics[entry.Key] = ConfigScalars.ParseBool(entry.Value.Value!);
        }

        var mappings = new List<DimensionMappingOptions>();
        foreach (var item in section.Get(SpanMetricsSchema.DimensionMappings)?.Items ?? [])
        {
            mappings.Add(new DimensionMappingOptions
            {
                Name = item.GetString(SpanMetricsSchema.MappingName),
                SourceLabels = [.. item.GetStrings(SpanMetricsSchema.MappingSourceLabels) ?? []],
                Join = item.GetString(SpanMetricsSchema.MappingJoin),
            });
        }

        var options = new SpanMetricsOptions
        {
            IntrinsicDimensions = intrinsics,
            Dimensions = [.. section.GetStrings(SpanMetricsSchema.Dimensions) ?? []],
            DimensionMappings = mappings,
            EnableTargetInfo = section.GetBool(SpanMetricsSchema.EnableTargetInfo),
            TargetInfoExcludedDimensions = [.. section.GetStrings(SpanMetricsSchema.TargetInfoExcludedDimensions) ?? []],
            EnableInstanceLabel = section.GetBool(SpanMetricsSchema.EnableInstanceLabel, true),
            SpanMultiplierKey = section.GetString(SpanMetricsSchema.SpanMultiplierKey),
            EnableTraceStateSpanMultiplier = section.GetBool(SpanMetricsSchema.EnableTracestateSpanMultiplier),
            FilterPolicies = FilterPolicies(section.Get(SpanMetricsSchema.FilterPolicies)),
        };
        if (section.GetDoubles(SpanMetricsSchema.HistogramBucketsKey) is { } buckets)
        {
            options.HistogramBuckets = [.. buckets];
        }

        return options;
    }

    public static ServiceGraphsOptions ServiceGraphs(ConfigNode section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new ServiceGraphsOptions
        {
            Wait = section.GetDuration(ServiceGraphsSchema.Wait, ServiceGraphsDefaults.Wait),
            MaxItems = (int)section.GetInt(ServiceGraphsSchema.MaxItems, ServiceGraphsDefaults.MaxItems),
            Dimensions = [.. section.GetStrings(ServiceGraphsSchema.Dimensions) ?? []],
            EnableClientServerPrefix = section.GetBool(ServiceGraphsSchema.EnableClientServerPrefix),
            EnableMessagingSystemLatencyHistogram = section.GetBool(ServiceGraphsSchema.EnableMessagingSystemLatencyHistogram),
            SpanMultiplierKey = section.GetString(ServiceGraphsSchema.SpanMultiplierKey),
            EnableTracestateSpanMultiplier = section.GetBool(ServiceGraphsSchema.EnableTracestateSpanMultiplier),
            EnableVirtualNodeLabel = section.GetBool(ServiceGraphsSchema.EnableVirtualNodeLabel),
            FilterPolicies = FilterPolicies(section.Get(ServiceGraphsSchema.FilterPolicies)),
        };
        if (section.GetDoubles(ServiceGraphsSchema.HistogramBucketsKey) is { } buckets)
        {
            options.HistogramBuckets = [.. buckets];
        }

        if (section.GetStrings(ServiceGraphsSchema.PeerAttributes) is { } peers)
        {
            options.PeerAttributes = [.. peers];
        }

        if (section.GetStrings(ServiceGraphsSchema.DatabaseNameAttributes) is { } databases)
        {
            options.DatabaseNameAttributes = [.. databases];
        }

        return options;
    }

    /// <param name="section">The effective <c>processor.local_blocks</c> section.</param>
    /// <param name="metricsGenerator">The effective <c>metrics_generator</c> section, for <c>traces_storage.path</c>.</param>
    public static LocalBlocksOptions LocalBlocks(ConfigNode section, ConfigNode metricsGenerator)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(metricsGenerator);
        var path = metricsGenerator.GetSection(MetricsGeneratorSchema.TracesStorage).GetString(StorageSchema.Path);
        return new LocalBlocksOptions
        {
            CompleteBlockTimeout = section.GetDuration(LocalBlocksSchema.CompleteBlockTimeout, LocalBlocksDefaults.CompleteBlockTimeout),
            MaxBlockDuration = section.GetDuration(LocalBlocksSchema.MaxBlockDuration, LocalBlocksDefaults.MaxBlockDuration),
            MaxBlockBytes = section.GetInt(LocalBlocksSchema.MaxBlockBytes, LocalBlocksDefaults.MaxBlockBytes),
            FilterServerSpans = section.GetBool(LocalBlocksSchema.FilterServerSpans, LocalBlocksDefaults.FilterServerSpans),
            Path = path.Length > 0 ? path : LocalBlocksDefaults.Path,
        };
    }

    public static HostInfoOptions HostInfo(ConfigNode section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var name = section.GetString(HostInfoSchema.MetricName);
        return new HostInfoOptions
        {
            HostIdentifiers = section.GetStrings(HostInfoSchema.HostIdentifiers) is { } ids ? [.. ids] : HostInfoDefaults.HostIdentifiers,
            MetricName = name.Length > 0 ? name : HostInfoDefaults.MetricName,
        };
    }

    /// <summary>The <c>metrics_generator.registry</c> keys; the per-tenant keys are set by the tenancy layer.</summary>
    public static RegistryOptions Registry(ConfigNode registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var options = new RegistryOptions
        {
            CollectionInterval = registry.GetDuration(RegistrySchema.CollectionInterval, TimeSpan.FromSeconds(RegistryDefaults.CollectionIntervalSeconds)),
            StaleDuration = registry.GetDuration(RegistrySchema.StaleDuration, TimeSpan.FromMinutes(RegistryDefaults.StaleDurationMinutes)),
            InjectTenantIdAs = registry.GetString(RegistrySchema.InjectTenantIdAs),
            MaxLabelNameLength = (int)registry.GetInt(RegistrySchema.MaxLabelNameLength, RegistryDefaults.MaxLabelNameLength),
            MaxLabelValueLength = (int)registry.GetInt(RegistrySchema.MaxLabelValueLength, RegistryDefaults.MaxLabelValueLength),
            LimiterType = registry.GetString(RegistrySchema.LimiterType) == RegistrySchema.EntityLimiter ? LimiterType.Entity : LimiterType.Series,
            WindowGrace = registry.GetDuration(RegistrySchema.WindowGrace, TimeSpan.FromSeconds(RegistryDefaults.WindowGraceSeconds)),
            AllowedLateness = registry.GetDuration(RegistrySchema.AllowedLateness, TimeSpan.FromSeconds(RegistryDefaults.AllowedLatenessSeconds)),
            FutureSlack = registry.GetDuration(RegistrySchema.FutureSlack, TimeSpan.FromSeconds(RegistryDefaults.FutureSlackSeconds)),
        };
        foreach (var label in registry.GetStringMap(RegistrySchema.ExternalLabels) ?? new Dictionary<string, string>())
        {
            options.ExternalLabels[label.Key] = label.Value;
        }

        return options;
    }

    public static RemoteWriteOptions RemoteWrite(ConfigNode storage) => RemoteWriteBinder.Bind(storage);

    public static List<FilterPolicyOptions> FilterPolicies(ConfigNode? list)
    {
        var result = new List<FilterPolicyOptions>();
        foreach (var item in list?.Items ?? [])
        {
            result.Add(new FilterPolicyOptions
            {
                Include = Block(item.Get(FilterPolicySchema.Include)),
                IncludeAny = Block(item.Get(FilterPolicySchema.IncludeAny)),
                Exclude = Block(item.Get(FilterPolicySchema.Exclude)),
            });
        }

        return result;
    }

    private static PolicyMatchOptions? Block(ConfigNode? block)
    {
        if (block is not { Kind: ConfigNodeKind.Map })
        {
            return null;
        }

        var attributes = new List<PolicyAttributeOptions>();
        foreach (var attribute in block.Get(FilterPolicySchema.Attributes)?.Items ?? [])
        {
            var value = attribute.Get(FilterPolicySchema.Value);
            attributes.Add(new PolicyAttributeOptions
            {
                Key = attribute.GetString(FilterPolicySchema.Key),
                Value = value is { Kind: ConfigNodeKind.Scalar } ? PolicyValue.FromYamlScalar(value.Value!, value.Quoted) : null,
            });
        }

        return new PolicyMatchOptions { MatchType = block.GetString(FilterPolicySchema.MatchType), Attributes = attributes };
    }
}
