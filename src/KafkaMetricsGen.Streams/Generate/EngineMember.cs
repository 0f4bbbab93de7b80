using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// One task whose records a <see cref="GenerateEngine"/> processes, with the task's own event time: the highest span end
/// time it accepted, or the clock minus the idle lag once it has been without input for the idle time. The task sends
/// this watermark downstream; the engine closes windows at the lowest watermark of its members.
/// </summary>
public sealed class EngineMember
{
    internal EngineMember(long nowTicks, Func<string, TenantPipelineConfig, IEdgeStore?>? edgeStores = null)
    {
        LastInputTicks = nowTicks;
        EdgeStores = edgeStores;
    }

    /// <summary>The task's watermark (ms), <see cref="long.MinValue"/> before its first span or idle spell.</summary>
    public long WatermarkMs { get; internal set; } = long.MinValue;

    internal long MaxEventTimeMs { get; set; } = long.MinValue;

    internal long LastInputTicks { get; set; }

    internal bool Idle { get; set; }

    /// <summary>Builds the task's own store of a tenant's pending edges (null: the tenant keeps none, or not yet).</summary>
    internal Func<string, TenantPipelineConfig, IEdgeStore?>? EdgeStores { get; }

    /// <summary>The tenants the task has an edge store of.</summary>
    internal HashSet<string> EdgeTenants { get; } = new(StringComparer.Ordinal);
}
