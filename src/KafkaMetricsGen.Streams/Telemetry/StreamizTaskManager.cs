using System.Reflection;
using Streamiz.Kafka.Net.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// The task manager behind Streamiz's rebalance listener, which Streamiz keeps internal: what <see cref="RebalanceMark"/>
/// and <see cref="RevokedTasks"/> reach by reflection.
/// </summary>
internal static class StreamizTaskManager
{
    // Streamiz 1.8: StreamsRebalanceListener.manager, a TaskManager.
    private const string ListenerTypeName = "Streamiz.Kafka.Net.Kafka.Internal.StreamsRebalanceListener";
    private const string ManagerField = "manager";

    /// <summary>Members of Streamiz's internal types, public or not.</summary>
    public const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// The task manager of the thread <paramref name="listener"/> belongs to; null for a listener that is not Streamiz's.
    /// A Streamiz listener without one fails, naming <paramref name="purpose"/>.
    /// </summary>
    public static object? Of(IConsumerRebalanceListener listener, string purpose)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var type = listener.GetType();
        if (type.FullName != ListenerTypeName)
        {
            return null;
        }

        return type.GetField(ManagerField, Members)?.GetValue(listener)
            ?? throw new InvalidOperationException(Missing(ManagerField, purpose));
    }

    /// <summary>The error of a Streamiz version without <paramref name="member"/>, and why the worker needs it.</summary>
    public static string Missing(string member, string purpose) =>
        $"{ListenerTypeName} has no {member} in this Streamiz version: {purpose}";
}
