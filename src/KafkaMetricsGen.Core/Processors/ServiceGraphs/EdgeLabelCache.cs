using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// The finished label set of an edge shape — client, server, connection type and dimension values — remembered by the
/// identity of those values. Every edge adds the same names in the same order, so the set is a function of the value
/// vector; services and dimension values come interned from the batch, so a repeated shape is the same references and
/// a hit skips truncation, sorting, UTF-8 validation and hashing. A miss (a new shape, or a value built afresh such as
/// a database <c>host:port</c>) runs <see cref="TryBuildUncached"/>, the reference path, so identity costs time, never
/// correctness. A <see cref="LabelSetCache"/> over the edge's label names that leaves out absent (empty) values.
/// </summary>
internal sealed class EdgeLabelCache
{
    /// <summary>Slots before the dimension slots: client, server, connection type.</summary>
    public const int FixedSlots = 3;

    private readonly LabelSetCache _cache;

    /// <param name="builder">The registry's builder (it applies the registry's label limits).</param>
    /// <param name="layout">Names the dimension slots.</param>
    /// <param name="capacityPowerOfTwo">log2 of the number of cached shapes.</param>
    public EdgeLabelCache(LabelBuilder builder, DimensionLayout layout, int capacityPowerOfTwo = 12)
    {
        var names = new string[FixedSlots + layout.SlotCount];
        names[0] = ServiceGraphsLabelNames.Client;
        names[1] = ServiceGraphsLabelNames.Server;
        names[2] = ServiceGraphsLabelNames.ConnectionType;
        layout.SlotLabels.CopyTo(names, FixedSlots);
        _cache = new LabelSetCache(builder, names, capacityPowerOfTwo, skipEmptyValues: true);
    }

    /// <summary>
    /// Client, server, connection type, then one value per dimension slot; the caller sets every slot before
    /// <see cref="TryGet"/>, with <see cref="string.Empty"/> (that instance) for an absent label.
    /// </summary>
    public Span<string> Values => _cache.Values;

    /// <summary>The finished set for the current values; false when the builder refuses it (invalid UTF-8).</summary>
    public bool TryGet(out LabelSet labels) => _cache.TryGet(out labels);

    /// <summary>
    /// The reference path: adds the non-empty values in slot order, so a later slot whose label name repeats an
    /// earlier one (a dimension named <c>client</c>) overrides it only when it has a value. The result borrows the
    /// builder's arrays until the next build.
    /// </summary>
    public bool TryBuildUncached(out LabelSet labels) => _cache.TryBuildUncached(out labels);
}
