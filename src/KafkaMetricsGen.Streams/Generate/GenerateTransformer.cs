using System.Globalization;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Ingest;
using Streamiz.Kafka.Net.Processors.Public;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// Stage 3 on Streamiz: one instance per trace partition. Each record (a sub-batch of one tenant's spans) goes through
/// the tenant's processors; the resulting window deltas are forwarded at once, keyed by the series partition that owns
/// them, so the input offsets a commit covers are always matched by the deltas it sends (exactly-once holds under EOS).
/// A wall-clock punctuator expires edges and sends this task's watermark to every series partition. The engine is
/// created on the first record, which Streamiz only delivers once the task's stores are restored.
/// </summary>
public sealed class GenerateTransformer : ITransformer<string, byte[], string, byte[]>
{
    private readonly GenerateStageSettings _settings;
    private readonly ISpanBatchDecoder _decoder = new OtlpProtoDecoder();
    private readonly SpanBatch _batch = new();
    private readonly List<KeyValuePair<int, byte[]>> _out = [];
    private ProcessorContext<string, byte[]>? _context;
    private GenerateEngine? _engine;

    public GenerateTransformer(GenerateStageSettings settings) => _settings = settings;

    public void Init(ProcessorContext<string, byte[]> context)
    {
        _context = context;
        context.Schedule(_settings.TickInterval, PunctuationType.PROCESSING_TIME, _ => Tick());
    }

    public Record<string, byte[]>? Process(Record<string, byte[]> record)
    {
        var engine = _engine ??= new GenerateEngine(_settings.Configs, _settings.SeriesPartitions, _settings.Time, localBlocks: _settings.LocalBlocks);
        var result = SpanBatchCodec.Decode(record.Value, _decoder, _batch);
        if (!result.Success)
        {
            // Sub-batches are written by stage 2; a bad one is a bug or a foreign producer, counted and skipped.
            StreamsMetrics.InvalidSubBatches.Inc();
            return null;
        }

        engine.Process(_batch);
        Flush(engine);
        return null;
    }

    public void Close() => _engine?.Dispose();

    private void Tick()
    {
        if (_engine is null || _context is null)
        {
            return;
        }

        _engine.Tick();
        Flush(_engine);
        if (_engine.WatermarkMs == long.MinValue)
        {
            return;
        }

        var watermark = StageRecord.EncodeWatermark(_context.Id.Partition, _settings.SourcePartitions, _engine.WatermarkMs);
        for (var p = 0; p < _settings.SeriesPartitions; p++)
        {
            _context.Forward(p.ToString(CultureInfo.InvariantCulture), watermark);
        }
    }

    private void Flush(GenerateEngine engine)
    {
        _out.Clear();
        engine.Drain(_out);
        foreach (var (partition, value) in _out)
        {
            _context!.Forward(partition.ToString(CultureInfo.InvariantCulture), value);
        }
    }
}
