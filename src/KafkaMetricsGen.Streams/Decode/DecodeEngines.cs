using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Streams.Generate;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// The engines of the processors that need no trace affinity, which the decode tasks of one input topic on one stream
/// thread share (<see cref="ThreadEngines"/>): one set of registries and label caches per thread instead of one per
/// input partition. Keyed by the topic and the settings object, so that topologies on one thread (a test driver's)
/// never share.
/// </summary>
public static class DecodeEngines
{
    /// <summary>Adds a task to the engine of <paramref name="topic"/> on the calling thread, creating it for the first.</summary>
    public static GenerateEngine Join(string topic, GenerateStageSettings settings, out EngineMember member)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ThreadEngines.Join(
            (topic, settings),
            () => new GenerateEngine(
                settings.Configs,
                settings.SeriesPartitions,
                settings.Time,
                localBlocks: settings.LocalBlocks,
                idleAfter: settings.IdleAfter,
                idleLag: settings.IdleLag,
                placement: ProcessorPlacement.WhereRecordArrives,
                sharedByTasks: true),
            edgeStores: null,
            out member);
    }

    /// <summary>Removes a task; the last one disposes the engine.</summary>
    public static void Leave(string topic, GenerateStageSettings settings, EngineMember member) => ThreadEngines.Leave((topic, settings), member);
}
