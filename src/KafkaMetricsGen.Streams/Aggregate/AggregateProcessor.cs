using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// Stage 4 and the sink on Streamiz: one instance per series partition. Deltas and watermarks go into the
/// <see cref="AggregateEngine"/>; closed windows go to the tenant sinks. The engine restores from the store on the first
/// record (Streamiz delivers records only to restored tasks; punctuations may come earlier and are ignored until then).
/// Durable sinks (<see cref="IDurableTenantSinks"/>) get the task's store at the same moment, queue the windows it kept
/// unsent, and are told on each punctuation which were sent since.
/// </summary>
public sealed class AggregateProcessor : IProcessor<string, byte[]>
{
    private readonly AggregateStageSettings _settings;
    private ProcessorContext<string, byte[]>? _context;
    private AggregateEngine? _engine;
    private ITaskSinks? _taskSinks;

    /// <summary>
    /// For Streamiz's builder, which needs a parameterless constructor to inspect the type; the instances that process
    /// records are created with the settings argument.
    /// </summary>
    public AggregateProcessor()
    {
        _settings = null!;
    }

    public AggregateProcessor(AggregateStageSettings settings) => _settings = settings;

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
        var store = new StreamizAggregateStateStore((IKeyValueStore<string, byte[]>)_context!.GetStateStore(StreamsNames.SeriesStore));
        var sinks = _settings.Sinks;
        if (sinks is IDurableTenantSinks durable)
        {
            _taskSinks = durable.ForTask(store);
            sinks = _taskSinks;
        }

        return new AggregateEngine(_settings.Configs, sinks, store, new Core.Registry.SeriesPartition(_context.Id.Partition, _settings.SeriesPartitions), _settings.Status);
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
