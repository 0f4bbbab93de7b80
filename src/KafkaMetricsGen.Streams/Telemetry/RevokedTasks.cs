using System.Reflection;
using Confluent.Kafka;
using Streamiz.Kafka.Net.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Closes the revoked tasks Streamiz dropped without closing. Streamiz (1.8) takes a revoked task out of the thread's
/// active tasks first, then commits, then suspends and closes it; when the commit or a close throws (an at-least-once
/// commit of a thread the group moved on without, a processor whose close fails), the tasks not closed yet are in no
/// list any more. Nothing closes them later, so their RocksDB stores stay open and hold their lock: when the partition
/// comes back to the thread its new task cannot open them ("Error opening store"), and the thread processes nothing of
/// that partition while the stream goes on (a stream created anew releases them: <c>StreamLocalState.ReleaseFailed</c>).
/// The tasks are taken before the revocation and closed dirty after a failed one. Streamiz keeps them
/// internal (its task manager's <c>ActiveTaskFor</c> and the tasks' <c>Suspend</c>, <c>Close</c> and
/// <c>IsClosed</c>), so they are reached by reflection, once per consumer; a Streamiz that no longer has them fails the
/// consumer's creation, naming what is missing.
/// </summary>
internal sealed class RevokedTasks
{
    // Streamiz 1.8: TaskManager.ActiveTaskFor(TopicPartition) and the StreamTask it returns.
    private const string TaskForMethod = "ActiveTaskFor";
    private const string TaskTypeName = "Streamiz.Kafka.Net.Processors.StreamTask";
    private const string StateProperty = "State";
    private const string SuspendedState = "SUSPENDED";
    private const string IsClosedProperty = "IsClosed";
    private const string SuspendMethod = "Suspend";
    private const string CloseMethod = "Close";
    private const string Purpose = "the worker closes the revoked tasks a failed revocation leaves open (else their stores stay locked); " +
        "update RevokedTasks for this version";

    private static readonly object[] Dirty = [true];

    private readonly object? _manager;
    private readonly MethodInfo? _taskFor;
    private readonly PropertyInfo? _state;
    private readonly PropertyInfo? _isClosed;
    private readonly MethodInfo? _suspend;
    private readonly MethodInfo? _close;

    private RevokedTasks(object? manager, MethodInfo? taskFor, PropertyInfo? state, PropertyInfo? isClosed, MethodInfo? suspend, MethodInfo? close)
    {
        _manager = manager;
        _taskFor = taskFor;
        _state = state;
        _isClosed = isClosed;
        _suspend = suspend;
        _close = close;
    }

    /// <summary>The tasks of the thread <paramref name="listener"/> belongs to; none for a listener that is not Streamiz's.</summary>
    public static RevokedTasks Of(IConsumerRebalanceListener listener)
    {
        var manager = StreamizTaskManager.Of(listener, Purpose);
        if (manager is null)
        {
            return new RevokedTasks(null, null, null, null, null, null);
        }

        var members = StreamizTaskManager.Members;
        var taskFor = manager.GetType().GetMethod(TaskForMethod, members, [typeof(TopicPartition)]);
        var task = taskFor?.ReturnType;
        var state = task?.GetProperty(StateProperty, members);
        var isClosed = task?.GetProperty(IsClosedProperty, members);
        var suspend = task?.GetMethod(SuspendMethod, members, Type.EmptyTypes);
        var close = task?.GetMethod(CloseMethod, members, [typeof(bool)]);
        if (taskFor is null || task?.FullName != TaskTypeName || state is null || isClosed?.PropertyType != typeof(bool) || suspend is null || close is null)
        {
            throw new InvalidOperationException(StreamizTaskManager.Missing(
                $"manager.{TaskForMethod} returning a {TaskTypeName} with {StateProperty}, {IsClosedProperty}, {SuspendMethod}() and {CloseMethod}(bool)", Purpose));
        }

        return new RevokedTasks(manager, taskFor, state, isClosed, suspend, close);
    }

    /// <summary>The thread's tasks of <paramref name="partitions"/>, taken before Streamiz revokes them.</summary>
    public IReadOnlyList<object> Take(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        if (_manager is null)
        {
            return [];
        }

        var tasks = new List<object>();
        foreach (var partition in partitions)
        {
            if (_taskFor!.Invoke(_manager, [partition]) is { } task && !tasks.Contains(task))
            {
                tasks.Add(task);
            }
        }

        return tasks;
    }

    /// <summary>
    /// Closes dirty each of <paramref name="tasks"/> that the failed revocation of <paramref name="partitions"/> took
    /// from the thread's active tasks and left open: suspended first unless it is, then closed without writing a
    /// checkpoint (its offsets may not be committed). A task Streamiz still holds is left to it; a task whose own close
    /// fails again stays as it is and goes to <paramref name="leftOpen"/> with the error, and the others are still closed.
    /// </summary>
    public void CloseDropped(IReadOnlyList<object> tasks, IEnumerable<TopicPartition> partitions, Action<Exception>? leftOpen = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0)
        {
            return;
        }

        var held = Take(partitions);
        foreach (var task in tasks)
        {
            try
            {
                if (held.Contains(task) || (bool)_isClosed!.GetValue(task)!)
                {
                    continue;
                }

                if (_state!.GetValue(task)?.ToString() != SuspendedState)
                {
                    _suspend!.Invoke(task, null);
                }

                _close!.Invoke(task, Dirty);
            }
            catch (TargetInvocationException e)
            {
                // The revocation's own error still goes on to Streamiz.
                leftOpen?.Invoke(e.InnerException ?? e);
            }
        }
    }
}
