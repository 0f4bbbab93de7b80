using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>
/// Everything a tenant's pipeline needs, after the per-tenant overrides were applied to the main configuration. Two
/// settings with the same <see cref="Fingerprint"/> are the same configuration (the reload compares fingerprints).
/// </summary>
public sealed class TenantSettings
{
    public required string Tenant { get; init; }

    public required ProcessorSelection Processors { get; init; }

    /// <summary>Override <c>collection_interval</c> when non-zero, else <c>registry.collection_interval</c>.</summary>
    public required TimeSpan CollectionInterval { get; init; }

    public required bool DisableCollection { get; init; }

    /// <summary>0 = unlimited.</summary>
    public required long MaxActiveSeries { get; init; }

    /// <summary><c>classic</c>, <c>native</c> or <c>both</c>.</summary>
    public required string GenerateNativeHistograms { get; init; }

    public required double NativeHistogramBucketFactor { get; init; }

    public required long NativeHistogramMaxBucketNumber { get; init; }

    public required TimeSpan NativeHistogramMinResetDuration { get; init; }

    public required string TraceIdLabelName { get; init; }

    public required IReadOnlyDictionary<string, string> RemoteWriteHeaders { get; init; }

    /// <summary>The tenant's own (first) endpoint; null sends to <c>storage.remote_write</c>.</summary>
    public string? RemoteWriteUrl { get; init; }

    /// <summary>Every endpoint <c>remote_write_url</c> lists (one URL or a list); empty sends to <c>storage.remote_write</c>.</summary>
    public IReadOnlyList<string> RemoteWriteUrls { get; init; } = [];

    /// <summary>Effective <c>processor.span_metrics</c> section: defaults filled, overrides applied.</summary>
    public required ConfigNode SpanMetrics { get; init; }

    /// <summary>Effective <c>processor.service_graphs</c> section.</summary>
    public required ConfigNode ServiceGraphs { get; init; }

    /// <summary>Effective <c>processor.host_info</c> section.</summary>
    public required ConfigNode HostInfo { get; init; }

    /// <summary>Effective <c>processor.local_blocks</c> section.</summary>
    public required ConfigNode LocalBlocks { get; init; }

    /// <summary>Span-metrics options for this tenant (built from <see cref="SpanMetrics"/>); build a new processor from them.</summary>
    public required SpanMetricsOptions SpanMetricsOptions { get; init; }

    public required ServiceGraphsOptions ServiceGraphsOptions { get; init; }

    public required HostInfoOptions HostInfoOptions { get; init; }

    public required LocalBlocksOptions LocalBlocksOptions { get; init; }

    /// <summary>Registry options: <c>metrics_generator.registry</c> plus this tenant's limits and histogram overrides.</summary>
    public required RegistryOptions RegistryOptions { get; init; }

    /// <summary>This tenant's <c>remote_write_headers</c> and <c>remote_write_url</c>.</summary>
    public required RemoteWriteTenantOverrides RemoteWriteOverrides { get; init; }

    /// <summary>The whole effective block as a map in the overrides' shape (what <c>config check</c> prints).</summary>
    public required ConfigNode Effective { get; init; }

    public string Fingerprint => _fingerprint ??= YamlConfigWriter.Write(Effective);

    private string? _fingerprint;
}
