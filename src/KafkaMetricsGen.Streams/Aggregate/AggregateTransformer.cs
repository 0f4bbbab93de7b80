using System.Globalization;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Commit;
using KafkaMetricsGen.Streams.Ingest;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// Stage 4 and the sink on Streamiz: one instance per series partition. Deltas and watermarks go into the
/// <see cref="AggregateEngine"/>; closed windows go to the tenant sinks. What the partition's limiter refused goes
/// downstream to the overflow-deltas topic (keyed by tenant), then the task's watermark to every partition of it, so the
/// one overflow writer of each tenant closes a window only after every series partition closed it. The engine restores
/// from the store on the first record (Streamiz delivers records only to restored tasks; punctuations may come earlier
/// and are ignored until then). Durable sinks (<see cref="IDurableTenantSinks"/>) get the task's store at the same
/// moment, queue the windows it kept unsent, and are told on each punctuation which were sent since. Incoming deltas and
/// watermarks reach the store when the task commits (its <see cref="CommitHookStore"/>, which the topology connects before
/// the series store so the writes join that commit), merged per window, not one entry per record.
/// </summary>
public sealed class AggregateTransformer : ITransformer<string, byte[], string, byte[]>
{
    private readonly AggregateStageSettings _settings;
    private readonly List<SeriesDeltaBatch> _refused = [];
    private ProcessorContext<string, byte[]>? _context;
    private AggregateEngine? _engine;
    private ITaskSinks? _taskSinks;
    private long _forwardedWatermark = long.MinValue;

    /// <summary>
    /// For Streamiz's builder, which needs a parameterless constructor to inspect the type; the instances that process
    /// records are created with the settings argument.
    /// </summary>
    public AggregateTransformer()
    {
        _settings = null!;
    }

    public AggregateTransformer(AggregateStageSettings settings) => _settings = settings;

    public void Init(ProcessorContext<string, byte[]> context)
    {
        _context = context;
        context.Schedule(_settings.TickInterval, PunctuationType.PROCESSING_TIME, _ => Tick());
    }

    public Record<string, byte[]>? Process(Record<string, byte[]> record)
    {
        // Done with the record: the consumer lets go of its value now, not at the next poll.
        var output = ProcessRecord(record);
        StreamThreadConsumer.Processed(record.Value);
        return output;
    }

    private Record<string, byte[]>? ProcessRecord(Record<string, byte[]> record)
    {
        _engine ??= CreateEngine();
        if (!_engine.Apply(record.Value))
        {
            StreamsMetrics.InvalidSubBatches.Inc();
            return null;
        }

        Collect(_engine);
        return null;
    }

    public void Close()
    {
        _engine?.Close();
    }

    private AggregateEngine CreateEngine()
    {
        var store = new StreamizAggregateStateStore((IKeyValueStore<string, byte[]>)_context!.GetStateStore(StreamsNames.SeriesStore));
        var engine = new AggregateEngine(_settings.Configs, _settings.SinksFor(store, out _taskSinks), store, new SeriesPartition(_context.Id.Partition, _settings.SeriesPartitions), _settings.Status);
        engine.WriteAtFlush();
        ((CommitHookStore)_context.GetStateStore(StreamsNames.AggregateFlush)).OnFlush(engine.Flush);
        return engine;
    }

    /// <summary>
    /// Windows closed, settled windows deleted and records sent here are writes made outside a record: Streamiz flushes
    /// the store's cache before a commit only for a task that processed a record since its last commit or asked for one,
    /// so the task asks. Otherwise an idle task's writes reach Kafka only with the checkpoint after the final commit of a
    /// shutdown: under exactly-once in a transaction that is never ended (see <see cref="Generate.GenerateTransformer"/>).
    /// </summary>
    private void Tick()
    {
        var written = (_engine is null ? 0 : Collect(_engine)) + (_taskSinks?.Acknowledge() ?? 0);
        if (written > 0)
        {
            _context!.Commit();
        }
    }

    /// <summary>
    /// Closes what the watermark allows, then sends the refused deltas and, once it moved, the watermark. Returns how many
    /// windows it closed plus how many records it sent.
    /// </summary>
    private int Collect(AggregateEngine engine)
    {
        var written = engine.Collect();
        var partitions = _settings.SeriesPartitions;
        _refused.Clear();
        engine.DrainOverflow(_refused);
        foreach (var batch in _refused)
        {
            _context!.Forward(OverflowPartitioner.KeyOf(batch.Tenant, partitions), StageRecord.EncodeDeltas(batch));
        }

        written += _refused.Count;
        var watermark = engine.WatermarkMs;
        if (watermark <= _forwardedWatermark)
        {
            return written;
        }

        _forwardedWatermark = watermark;
        var value = StageRecord.EncodeWatermark(_context!.Id.Partition, partitions, watermark);
        for (var p = 0; p < partitions; p++)
        {
            _context.Forward(p.ToString(CultureInfo.InvariantCulture), value);
        }

        return written + partitions;
    }
}
