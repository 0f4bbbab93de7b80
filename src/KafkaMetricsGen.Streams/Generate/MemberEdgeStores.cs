using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// The pending edges of one tenant in a shared <see cref="GenerateEngine"/>: each member task keeps its own store (its
/// partition's, changelogged and flushed at the task's commit), and the tenant's one service-graphs processor works on the
/// store of the member it runs for (<see cref="Use"/>). Every span of a trace reaches one task, so an edge is always
/// paired in the store of the task that holds its trace, and a task's tick expires only its own edges, whose deletions
/// its own commit writes.
/// </summary>
public sealed class MemberEdgeStores : IEdgeStore
{
    private readonly string _tenant;
    private readonly Dictionary<EngineMember, IEdgeStore> _stores = [];
    private IEdgeStore? _current;

    public MemberEdgeStores(string tenant) => _tenant = tenant;

    /// <summary>The members that have a store here.</summary>
    public IEnumerable<EngineMember> Members => _stores.Keys;

    /// <summary>Pending edges of every member.</summary>
    public int Count => Sum(static store => store.Count);

    public int DroppedSideCount => Sum(static store => store.DroppedSideCount);

    /// <summary>
    /// Makes <paramref name="member"/>'s store the current one, creating it through the member's factory the first time
    /// (with <paramref name="create"/> false: only if the member had a store of the tenant before a settings change
    /// rebuilt the tenant). False while the member has none (a task whose state store is not open yet, before its first
    /// record, or a task that never had edges of the tenant).
    /// </summary>
    public bool Use(EngineMember member, TenantPipelineConfig config, bool create = true)
    {
        if (!_stores.TryGetValue(member, out var store))
        {
            store = create || member.EdgeTenants.Contains(_tenant) ? member.EdgeStores?.Invoke(_tenant, config) : null;
            if (store is not null)
            {
                _stores.Add(member, store);
                member.EdgeTenants.Add(_tenant);
            }
        }

        _current = store;
        return store is not null;
    }

    public EdgeUpsertResult Upsert(in EdgeKey key, EdgeSide side, IEdgeUpdate update) => Current.Upsert(key, side, update);

    public DroppedSideResult AddDroppedSide(in EdgeKey key, EdgeSide side) => Current.AddDroppedSide(key, side);

    public bool HasDroppedSide(in EdgeKey key, EdgeSide side) => Current.HasDroppedSide(key, side);

    /// <summary>Expires the current member's edges only (its own tick).</summary>
    public void Expire(IEdgeExpiryHandler handler) => _current?.Expire(handler);

    /// <summary>Forgets a member that left; its store stays with its task, which releases it.</summary>
    public void Remove(EngineMember member)
    {
        if (_stores.Remove(member, out var store) && ReferenceEquals(store, _current))
        {
            _current = null;
        }
    }

    private int Sum(Func<IEdgeStore, int> of)
    {
        var sum = 0;
        foreach (var store in _stores.Values)
        {
            sum += of(store);
        }

        return sum;
    }

    private IEdgeStore Current => _current ?? throw new InvalidOperationException($"No member's edge store is in use for tenant {_tenant}.");
}
