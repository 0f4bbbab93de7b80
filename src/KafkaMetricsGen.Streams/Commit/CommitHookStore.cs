using Streamiz.Kafka.Net.Processors;

namespace KafkaMetricsGen.Streams.Commit;

/// <summary>
/// A state store that holds nothing and exists for its <see cref="Flush"/>: Streamiz flushes every store of a task
/// before it commits the task's input offsets (and, under exactly-once, before it commits the transaction). A stage that
/// buffers output across records registers its flush here, so every commit covers only input whose output was already
/// sent — the buffer never holds output of committed input.
/// </summary>
public sealed class CommitHookStore(string name) : IStateStore
{
    private Action? _onFlush;

    public string Name { get; } = name;

    public bool Persistent => false;

    public bool IsLocally => true;

    public bool IsOpen { get; private set; }

    /// <summary>The task's context the store was opened with (the one every processor of the task forwards through).</summary>
    public Streamiz.Kafka.Net.ProcessorContext? TaskContext { get; private set; }

    /// <summary>Sets the action a commit runs first; one stage owns the hook.</summary>
    public void OnFlush(Action flush) => _onFlush = flush;

    public void Init(Streamiz.Kafka.Net.ProcessorContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        TaskContext = context;
        context.Register(root, null);
        IsOpen = true;
    }

    public void Flush() => _onFlush?.Invoke();

    public void Close()
    {
        IsOpen = false;
        _onFlush = null;
    }
}
