using System.Reflection;
using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Commit;

/// <summary>
/// Lets a stage forward records from its <see cref="CommitHookStore"/> flush. Streamiz routes
/// <c>ProcessorContext.Forward</c> through the task's current processor node, which is set while a record or a
/// punctuation runs and cleared before a commit; Kafka Streams' own caching stores forward from their flush the same
/// way, by making their processor current first. Streamiz keeps that property internal, so it is reached by reflection
/// once per process, checked when the type loads: a Streamiz upgrade that renames it fails at start, not silently.
/// </summary>
public sealed class CommitForwarder
{
    private static readonly PropertyInfo CurrentProcessor =
        typeof(Streamiz.Kafka.Net.ProcessorContext).GetProperty("CurrentProcessor", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("Streamiz ProcessorContext.CurrentProcessor not found; this Streamiz version is not supported");

    private readonly CommitHookStore _hook;
    private object? _node;
    private CommitPacer? _pacer;

    public CommitForwarder(CommitHookStore hook, Action flush)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(flush);
        _hook = hook;
        hook.OnFlush(() => RunAsCurrent(flush));
    }

    /// <summary>
    /// Call from <c>Process</c>: remembers the stage's own node (current while its records run) and tells the thread's
    /// <see cref="CommitPacer"/> (at-least-once) how old the record is.
    /// </summary>
    public void Capture()
    {
        if (_hook.TaskContext is not { } context)
        {
            return;
        }

        if (_node is null)
        {
            _node = CurrentProcessor.GetValue(context);
            _pacer = CommitPacer.ForCurrentThread();
        }

        _pacer?.Observe(context.Timestamp);
    }

    private void RunAsCurrent(Action flush)
    {
        if (_node is null || _hook.TaskContext is not { } context)
        {
            // No record was processed yet, so nothing was buffered.
            return;
        }

        _pacer?.Committed();
        var previous = CurrentProcessor.GetValue(context);
        CurrentProcessor.SetValue(context, _node);

        // The record context is the last record's or punctuation's; its headers (a dead-letter record's error headers,
        // say) do not belong to the buffered output.
        context.SetHeaders(new Headers());
        try
        {
            flush();
        }
        finally
        {
            CurrentProcessor.SetValue(context, previous);
        }
    }
}
