using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// The engines that the tasks of one stream thread share (<see cref="GenerateEngine"/>, shared), one per key: the
/// generate stage's node settings, or an input topic with the decode stage's settings, each one object per topology, so
/// that topologies on one thread (a test driver's) never share.
/// The engine goes when its last task leaves.
/// </summary>
/// <remarks>Streamiz runs a task's processors on its stream thread only, so no locking is needed.</remarks>
public static class ThreadEngines
{
    [ThreadStatic]
    private static Dictionary<object, GenerateEngine>? t_engines;

    /// <summary>Adds a task to the engine of <paramref name="key"/> on the calling thread, creating it for the first.</summary>
    /// <param name="key">Compared by <see cref="object.Equals(object)"/>.</param>
    /// <param name="create">Builds a shared engine.</param>
    /// <param name="edgeStores">The task's own edge stores (see <see cref="GenerateEngine.Join"/>).</param>
    /// <param name="member">The task in the engine.</param>
    public static GenerateEngine Join(object key, Func<GenerateEngine> create, Func<string, TenantPipelineConfig, IEdgeStore?>? edgeStores, out EngineMember member)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(create);
        t_engines ??= [];
        if (!t_engines.TryGetValue(key, out var engine))
        {
            engine = create();
            t_engines[key] = engine;
        }

        member = engine.Join(edgeStores);
        return engine;
    }

    /// <summary>Removes a task; the last one disposes the engine.</summary>
    public static void Leave(object key, EngineMember member)
    {
        if (t_engines is null || !t_engines.TryGetValue(key, out var engine))
        {
            return;
        }

        if (engine.Leave(member))
        {
            engine.Dispose();
            t_engines.Remove(key);
        }
    }
}
