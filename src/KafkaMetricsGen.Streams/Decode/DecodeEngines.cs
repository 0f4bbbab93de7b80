using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Streams.Generate;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// The engines of the processors that need no trace affinity, which the decode tasks of one input topic on one stream
/// thread share (<see cref="GenerateEngine"/>, shared): one set of registries and label caches per thread instead of one
/// per input partition. Keyed by the settings too, so that topologies on one thread (a test driver's) never share.
/// The engine goes when its last task leaves.
/// </summary>
/// <remarks>Streamiz runs a task's processors on its stream thread only, so no locking is needed.</remarks>
public static class DecodeEngines
{
    [ThreadStatic]
    private static Dictionary<(string Topic, GenerateStageSettings Settings), GenerateEngine>? t_engines;

    /// <summary>Adds a task to the engine of <paramref name="topic"/> on the calling thread, creating it for the first.</summary>
    public static GenerateEngine Join(string topic, GenerateStageSettings settings, out EngineMember member)
    {
        ArgumentNullException.ThrowIfNull(settings);
        t_engines ??= [];
        if (!t_engines.TryGetValue((topic, settings), out var engine))
        {
            engine = new GenerateEngine(
                settings.Configs,
                settings.SeriesPartitions,
                settings.Time,
                localBlocks: settings.LocalBlocks,
                idleAfter: settings.IdleAfter,
                idleLag: settings.IdleLag,
                placement: ProcessorPlacement.WhereRecordArrives,
                sharedByTasks: true);
            t_engines[(topic, settings)] = engine;
        }

        member = engine.Join();
        return engine;
    }

    /// <summary>Removes a task; the last one disposes the engine.</summary>
    public static void Leave(string topic, GenerateStageSettings settings, EngineMember member)
    {
        if (t_engines is null || !t_engines.TryGetValue((topic, settings), out var engine))
        {
            return;
        }

        if (engine.Leave(member))
        {
            engine.Dispose();
            t_engines.Remove((topic, settings));
        }
    }
}
