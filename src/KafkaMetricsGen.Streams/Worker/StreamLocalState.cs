using KafkaMetricsGen.Streams.Pipeline;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// The local state of the worker's streams: the RocksDB stores each stream's tasks open, under
/// <c>state_dir/application_id</c>. A stream that died mid-processing leaves its stores open in this process (see
/// <see cref="PersistentStores"/>); <see cref="ReleaseFailed"/> closes them before the stream is created anew. Under
/// exactly-once it also deletes the local state: it may hold writes of the transaction that was aborted (Streamiz
/// checkpoints the changelog offsets it produced, committed or not), so the stores restore from their changelogs as a
/// read_committed reader sees them, as Kafka Streams does for a task it closed uncleanly.
/// <para>
/// The same holds within a running stream: a thread that met a transient error, or whose assignment was lost (its
/// session expired while the broker hung), closes its tasks as lost, and Streamiz flushes their stores and writes
/// their checkpoints on the way, including the writes of the transaction it then aborts. Under exactly-once
/// <see cref="MarkDirty"/> notes that, and <see cref="BeforeAssignment"/> deletes the local state before the next
/// assignment's tasks open their stores, so they restore what was committed. A record purged by a transaction
/// aborted while tasks close (<see cref="OnPurged"/>) marks it so too, whichever way the tasks close: a revoked
/// task whose last commit failed aborts its transaction and checkpoints its stores all the same.
/// </para>
/// <para>
/// And across processes: a process killed (SIGKILL, a crash, the machine) between the flush of its stores and the end
/// of that commit's transaction leaves RocksDB holding the writes of a transaction the broker then aborts. Streamiz
/// restores on top of what the store holds, from its last checkpoint or from the changelog's start, so keys the
/// aborted transaction wrote and no committed record overwrites (the pending deltas of a window, keyed by sequence)
/// stay, and are counted again when the input is processed again. A stop that closed every task after its final
/// commit leaves a marker (<see cref="StoppedCleanly"/>); under exactly-once a start that finds local state without it
/// deletes that state first (<see cref="BeforeStart"/>), as Kafka Streams wipes a task that has no checkpoint.
/// </para>
/// </summary>
public sealed class StreamLocalState(string stateDir, string applicationId, bool exactlyOnce, ILogger logger)
{
    private PersistentStores _current = new();
    private int _dirty;

    // Set from the moment a thread starts closing its tasks (lost, revoked, or after a transient error) until the next
    // assignment: no task processes in between, so an abort then comes from the close.
    private int _closing;

    /// <summary>
    /// The stores of the stream about to be created (each stream gets its own); those initialized before
    /// <paramref name="nativeReady"/> completes open at their first use.
    /// </summary>
    public PersistentStores ForNewStream(Task? nativeReady = null) => _current = new PersistentStores(nativeReady);

    /// <summary>The application's directory under the state dir, where Streamiz keeps its tasks' stores and checkpoints.</summary>
    public string Directory => Path.Combine(stateDir, applicationId);

    /// <summary>
    /// Beside <see cref="Directory"/> (Streamiz owns what is inside it): present while the local state is what the last
    /// process left after closing every task cleanly, removed while a process runs on it.
    /// </summary>
    public string CleanStopMarker => Path.Combine(stateDir, applicationId + KafkaWorkerDefaults.CleanStopMarkerSuffix);

    /// <summary>
    /// Before the first stream opens a store: under exactly-once, local state that the last process did not leave with a
    /// clean stop (it was killed, or crashed) is deleted, so the stores restore what was committed. Then the marker is
    /// removed: from now on only a clean stop writes it again.
    /// </summary>
    public void BeforeStart()
    {
        if (exactlyOnce && !File.Exists(CleanStopMarker) && HasState())
        {
            Delete();
            logger.LogWarning("the last process on this state directory did not stop cleanly: deleted its local state ({Directory}), under exactly_once the stores restore from their changelogs", Directory);
        }

        if (File.Exists(CleanStopMarker))
        {
            File.Delete(CleanStopMarker);
        }
    }

    /// <summary>
    /// After the stream stopped within its deadline: writes the marker unless a thread closed its tasks uncleanly or
    /// aborted a transaction since the last assignment (the stores may then hold that transaction's writes).
    /// </summary>
    public void StoppedCleanly()
    {
        if (Volatile.Read(ref _dirty) != 0)
        {
            logger.LogWarning("tasks were closed uncleanly before the stop: the local state ({Directory}) is not marked as cleanly stopped", Directory);
            return;
        }

        System.IO.Directory.CreateDirectory(stateDir);
        File.WriteAllText(CleanStopMarker, string.Empty);
    }

    private bool HasState() => System.IO.Directory.Exists(Directory) && System.IO.Directory.EnumerateFileSystemEntries(Directory).Any();

    /// <summary>Notes that a thread closed its tasks uncleanly (only under exactly-once: at-least-once replays anyway).</summary>
    public void MarkDirty()
    {
        BeginClosing();
        if (exactlyOnce)
        {
            Volatile.Write(ref _dirty, 1);
        }
    }

    /// <summary>
    /// On the stream thread, before its producer aborts a transaction: the tasks' stores hold its writes (Streamiz
    /// checkpoints them all the same when it closes the tasks), so under exactly-once the local state is deleted before
    /// the next assignment. Unlike <see cref="MarkDirty"/> it does not start a close: a commit that failed while tasks
    /// process aborts too. Also when Streamiz replaces the thread's producer after it closed every task as a zombie (a
    /// fenced producer among the causes), which aborts nothing when no transaction had begun.
    /// </summary>
    public void MarkAborted()
    {
        if (exactlyOnce)
        {
            Volatile.Write(ref _dirty, 1);
        }
    }

    /// <summary>On the stream thread, before Streamiz closes tasks the group revoked or took away.</summary>
    public void BeginClosing() => Volatile.Write(ref _closing, 1);

    /// <summary>
    /// On the producer's delivery thread: a record was purged by an aborted transaction. While tasks close (see
    /// <see cref="BeginClosing"/>) the abort was the close's: their stores were flushed with the aborted writes, so
    /// under exactly-once the local state is marked for deletion before the next assignment, and the record may be let
    /// go (true). At any other time false: the thread must not go on.
    /// </summary>
    public bool OnPurged()
    {
        if (Volatile.Read(ref _closing) == 0)
        {
            return false;
        }

        MarkDirty();
        return true;
    }

    /// <summary>
    /// On the stream thread, before a new assignment's tasks are created: deletes the local state if a thread closed
    /// its tasks uncleanly since the last assignment. Not while any store is open (another stream thread's tasks): the
    /// deletion then waits for a later assignment, and is logged.
    /// </summary>
    public void BeforeAssignment()
    {
        Volatile.Write(ref _closing, 0);
        if (Volatile.Read(ref _dirty) == 0)
        {
            return;
        }

        if (_current.AnyOpen)
        {
            logger.LogWarning("tasks were closed uncleanly, but other tasks of this process still have their stores open: the local state ({Directory}) is kept until they close", Directory);
            return;
        }

        Volatile.Write(ref _dirty, 0);
        try
        {
            Delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Thrown on into the consumer's callback it would only end the thread; the stores then open what is there.
            logger.LogError(e, "tasks were closed uncleanly under exactly_once, but their local state ({Directory}) could not be deleted: the stores may hold writes of an aborted transaction", Directory);
            return;
        }

        logger.LogWarning("tasks were closed uncleanly under exactly_once: deleted the local state ({Directory}), the stores restore from their changelogs", Directory);
    }

    /// <summary>
    /// Releases what the last stream left behind. Call it only after that stream was disposed, so none of its threads
    /// runs any more.
    /// </summary>
    public void ReleaseFailed()
    {
        var closed = _current.CloseOpen();
        if (!exactlyOnce)
        {
            logger.LogInformation("closed {Closed} store(s) the failed stream left open", closed);
            return;
        }

        Volatile.Write(ref _dirty, 0);
        Delete();
        logger.LogWarning(
            "closed {Closed} store(s) the failed stream left open and deleted its local state ({Directory}): under exactly_once the stores restore from their changelogs",
            closed,
            Directory);
    }

    private void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
