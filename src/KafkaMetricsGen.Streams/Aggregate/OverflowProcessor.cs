using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// The one writer of each tenant's overflow series on Streamiz: one instance per partition of the overflow-deltas topic,
/// which holds every refused delta of its tenants and the watermark of every series partition. It keeps its state like
/// the aggregate stage (<see cref="AggregateEngine.OverflowWriter"/> over its own changelogged store) and writes through
/// the same sinks, so restarts continue the overflow counters under either processing guarantee. A refused delta for a
/// window this writer already wrote (it arrived after the window closed) is folded into the next window it writes, so
/// the cumulative overflow series never goes down.
/// </summary>
public sealed class OverflowProcessor : IProcessor<string, byte[]>
{
    private readonly AggregateStageSettings _settings;
    private ProcessorContext<string, byte[]>? _context;
    private AggregateEngine? _engine;
    private ITaskSinks? _taskSinks;

    /// <summary>For Streamiz's builder, which needs a parameterless constructor to inspect the type.</summary>
    public OverflowProcessor()
    {
        _settings = null!;
    }

    public OverflowProcessor(AggregateStageSettings settings) => _settings = settings;

    public void Init(ProcessorContext<string, byte[]> context)
    {
        _context = context;
        context.Schedule(_settings.TickInterval, PunctuationType.PROCESSING_TIME, _ => Tick());
    }

    public void Process(Record<string, byte[]> record)
    {
        _engine ??= CreateEngine();
        if (!_engine.Apply(record.Value))
        {
            StreamsMetrics.InvalidSubBatches.Inc();
            return;
        }

        _engine.Collect();
    }

    public void Close()
    {
        _engine?.Close();
    }

    private AggregateEngine CreateEngine()
    {
        var store = new StreamizAggregateStateStore((IKeyValueStore<string, byte[]>)_context!.GetStateStore(StreamsNames.OverflowStore));
        return AggregateEngine.OverflowWriter(_settings.Configs, _settings.SinksFor(store, out _taskSinks), store, _settings.Status);
    }

    /// <summary>
    /// Windows closed and settled windows deleted here are store writes made outside a record: Streamiz flushes the
    /// store's cache before a commit only for a task that processed a record since its last commit or asked for one, so
    /// the task asks. Otherwise an idle task's writes reach the changelog only with the checkpoint after the final commit
    /// of a shutdown: under exactly-once in a transaction that is never ended (see <see cref="Generate.GenerateTransformer"/>).
    /// </summary>
    private void Tick()
    {
        if (_engine is null)
        {
            return;
        }

        var written = _engine.Collect() + (_taskSinks?.Acknowledge() ?? 0);
        if (written > 0)
        {
            _context!.Commit();
        }
    }
}
