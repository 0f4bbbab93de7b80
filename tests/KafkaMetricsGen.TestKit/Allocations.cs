namespace KafkaMetricsGen.TestKit;

/// <summary>Measures what code allocates on the calling thread.</summary>
public static class Allocations
{
    /// <summary>
    /// The fewest bytes one of <paramref name="rounds"/> runs of <paramref name="action"/> allocated. A real allocation
    /// shows in every round, while the runtime (tiered compilation, a collection a parallel test started) can charge a
    /// one-off few KB to a single round.
    /// </summary>
    public static long Least(Action action, int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(action);
        var least = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
