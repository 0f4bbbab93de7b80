using System.Reflection;
using Streamiz.Kafka.Net;

namespace KafkaMetricsGen.TestKit.Kafka;

/// <summary>
/// Streamiz takes a stream's process id, part of its transactional id under exactly-once, from a file in the state
/// directory, but reads it through one state-directory object per process, made for the first stream's state
/// directory: a second worker in the same test process keeps the first one's id whatever its own state directory. A
/// worker restarted with a fresh state directory in production is a new process with a new id, which does not fence
/// its predecessor's producer. <see cref="ForgetStateDirectory"/> makes the next stream read its own state directory,
/// as a new process would.
/// </summary>
public static class StreamizProcessIds
{
    private static readonly FieldInfo Instance =
        typeof(KafkaStream).Assembly.GetType("Streamiz.Kafka.Net.Processors.Internal.StateDirectory")?.GetField("staticDirectoryInstance", BindingFlags.Static | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("Streamiz StateDirectory.staticDirectoryInstance not found; this Streamiz version is not supported");

    /// <summary>
    /// Held while a worker starts (see <see cref="WorkerHarness.StartAsync"/>): between <see cref="ForgetStateDirectory"/>
    /// and the stream that should read its own state directory, no other worker of the process may create its stream.
    /// </summary>
    public static SemaphoreSlim Starting { get; } = new(1, 1);

    /// <summary>
    /// The next stream created reads (or writes) the process id of its own state directory. Call it with
    /// <see cref="Starting"/> held, or through <see cref="WorkerHarness.StartAsync"/>'s <c>ownProcessId</c>.
    /// </summary>
    public static void ForgetStateDirectory() => Instance.SetValue(null, null);
}
