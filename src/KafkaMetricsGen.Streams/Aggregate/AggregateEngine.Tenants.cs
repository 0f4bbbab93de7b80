using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>The engine's tenants: their accumulators, settings reloads and the data their limits refused.</summary>
public sealed partial class AggregateEngine
{
    /// <summary>
    /// Moves the refused deltas of the windows closed since the last call to <paramref name="output"/>, one batch per
    /// tenant (a series partition's engine only; the others have none).
    /// </summary>
    public void DrainOverflow(List<SeriesDeltaBatch> output)
    {
        foreach (var state in _tenants.Values)
        {
            if (state.Refused is { Count: > 0 } refused)
            {
                output.Add(refused);
                state.Refused = null;
            }
        }
    }

    private TenantState Tenant(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var state))
        {
            var config = _configs.Get(tenant);
            state = new TenantState(config);
            state.Accumulator = _role switch
            {
                AggregateRole.OverflowWriter => SeriesAccumulator.OverflowWriter(tenant, config.Registry),
                AggregateRole.SeriesPartition => new SeriesAccumulator(tenant, config.Registry, _partition, state),
                _ => new SeriesAccumulator(tenant, config.Registry, _partition),
            };
            _tenants.Add(tenant, state);
        }

        return state;
    }

    /// <summary>An overrides reload reaches the running accumulator; its series, windows and overflow state stay.</summary>
    private void Refresh(TenantState state)
    {
        var config = _configs.Get(state.Accumulator.Tenant);
        if (!ReferenceEquals(config, state.Config))
        {
            state.Config = config;
            state.Accumulator.Reconfigure(config.Registry);
        }
    }

    /// <summary>A tenant's accumulator, and the outlet of its refused deltas until <see cref="DrainOverflow"/> takes them.</summary>
    private sealed class TenantState(TenantPipelineConfig config) : IOverflowOutlet
    {
        public SeriesAccumulator Accumulator { get; set; } = null!;

        public SeriesDeltaBatch? Refused { get; set; }

        public TenantPipelineConfig Config { get; set; } = config;

        public List<string> PendingKeys { get; } = [];

        /// <summary>Deltas applied since the pending windows were last written (<see cref="WriteAtFlush"/> only).</summary>
        public bool Unwritten { get; set; }

        public HashSet<string> SeriesKeys { get; set; } = new(StringComparer.Ordinal);

        public void Refuse(SeriesDelta delta) => (Refused ??= new SeriesDeltaBatch(Accumulator.Tenant)).Add(delta);
    }
}
