using System.Globalization;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Commit;
using KafkaMetricsGen.Streams.Ingest;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// Stage 2 on Streamiz: one instance per trace partition. Each record (a frame of sub-batches, see
/// <see cref="SubBatchFrame"/>) goes through the tenants' processors, which accumulate window deltas in memory: a frame
/// from the spans-by-trace hop, and the batch of a trace-partitioned input, handed on by reference by the decode node
/// of the same task (<see cref="DirectBatchHandOff"/>), through those that need trace affinity (the decode stage ran
/// the others), or through all of them where trace-partitioned inputs sit beside others
/// (<see cref="GenerateNodeSettings.HopPlacement"/>). The generate tasks of a stream thread share the processors and
/// their registries (<see cref="ThreadEngines"/>); each task keeps its own watermark and its own pending edges
/// (<see cref="MemberEdgeStores"/>), and the shared registries close a window once the lowest watermark of those tasks
/// has passed it. The deltas of closed windows are forwarded, keyed by the series partition that owns them, right
/// before the watermark that closes them (every tick, and as soon as the task goes idle); all deltas, open windows
/// included, when the task commits (<see cref="CommitHookStore"/>). A series thus sends one delta per tick or commit,
/// whatever the number of windows that closed in between (a task catching up on a backlog closes several per tick), and
/// the aggregate stage gets no delta sooner than it could use it: a window closes there only once this task's watermark
/// has passed it. The changed edges are written to the <c>edge-store</c> when the task commits. So the input offsets a
/// commit covers are always matched by the deltas and edges it sends (exactly-once holds under EOS), the framework cost
/// is paid per tick, not per record, and an edge created and completed between two commits is never written at all. A
/// wall-clock punctuator expires edges and sends this task's watermark to every series partition. Pending edges live in
/// the <c>edge-store</c> (<see cref="PersistentEdgeStore"/>), restored on the first record: Streamiz delivers records
/// only to restored tasks, while punctuations may come earlier.
/// </summary>
public sealed class GenerateTransformer : ITransformer<byte[], byte[], string, byte[]>
{
    private readonly GenerateStageSettings _settings;
    private readonly UpstreamSlot _watermarks;
    private readonly ProcessorPlacement _hopPlacement;
    /// <summary>Reads only sub-batches in the OTLP layout of an older writer (a spans-by-trace backlog from before an upgrade).</summary>
    private readonly ISpanBatchDecoder _decoder = new OtlpProtoDecoder();

    /// <summary>
    /// Every sub-batch is read into this one batch, whose arrays and string region grow to the largest sub-batch and are
    /// then reused: reading a frame allocates nothing here. The record value itself is the consumer's: Streamiz's
    /// byte-array deserializer gives each consumed record an array of its own, which this stage cannot reuse.
    /// </summary>
    private readonly SpanBatch _batch = new();
    private readonly List<KeyValuePair<int, byte[]>> _out = [];
    private ProcessorContext<string, byte[]>? _context;
    private readonly Dictionary<string, PersistentEdgeStore> _edgeStores = new(StringComparer.Ordinal);
    private readonly GenerateNodeSettings _node;
    private GenerateEngine? _engine;
    private EngineMember? _member;
    private IEdgeStateStore? _edgeState;
    private CommitForwarder? _forwarder;

    /// <summary>
    /// For Streamiz's builder, which needs a parameterless constructor to inspect the type; the instances that process
    /// records are created with the settings argument.
    /// </summary>
    public GenerateTransformer()
    {
        _settings = null!;
        _watermarks = null!;
        _node = null!;
    }

    public GenerateTransformer(GenerateNodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _node = settings;
        _settings = settings.Stage;
        _watermarks = settings.Watermarks;
        _hopPlacement = settings.HopPlacement;
    }

    public void Init(ProcessorContext<string, byte[]> context)
    {
        _context = context;
        context.Schedule(_settings.TickInterval, PunctuationType.PROCESSING_TIME, _ => Tick());
        context.Schedule(_settings.IdleCheckInterval, PunctuationType.PROCESSING_TIME, _ => CheckIdle());
    }

    public Record<string, byte[]>? Process(Record<byte[], byte[]> record)
    {
        // Done with the record: the consumer lets go of its value now, not at the next poll.
        var output = ProcessRecord(record);
        StreamThreadConsumer.Processed(record.Value);
        return output;
    }

    private Record<string, byte[]>? ProcessRecord(Record<byte[], byte[]> record)
    {
        var engine = Engine();
        _forwarder ??= new CommitForwarder((CommitHookStore)_context!.GetStateStore(StreamsNames.GenerateFlush), FlushAtCommit);
        _forwarder.Capture();
        if (_edgeState is null)
        {
            _edgeState = new StreamizEdgeStateStore((IKeyValueStore<byte[], byte[]>)_context!.GetStateStore(StreamsNames.EdgeStore));
            foreach (var tenant in PersistentEdgeStore.Tenants(_edgeState))
            {
                engine.EnsureTenant(tenant, _member!);
            }
        }

        if (DirectBatchHandOff.IsMarker(record.Key))
        {
            ProcessHandedOff(engine, _hopPlacement, _member!);
            return null;
        }

        var placement = _hopPlacement;
        _batch.Strings = Utf8StringCache.OfCurrentThread();
        var offset = 0;
        bool truncated;
        while (SubBatchFrame.TryNext(record.Value, ref offset, out var subBatch, out truncated))
        {
            var result = SubBatchFrame.Read(subBatch, _decoder, _batch);
            if (!result.Success)
            {
                // Sub-batches are written by stage 1; a bad one is a bug, a foreign producer or a newer release's
                // layout (an unknown version): counted, logged and skipped.
                StreamsMetrics.InvalidSubBatches.Inc();
                WorkerLogs.HotPath.Warn(StreamsNames.Generate + "/" + result.FailureReason, "spans-by-trace sub-batch skipped", result.Detail ?? string.Empty);
                continue;
            }

            var tenant = engine.EnsureTenant(_batch.Tenant);
            engine.Process(_batch, tenant, placement, _member!);
            tenant.ProcessedByTrace(_batch);
        }

        if (truncated)
        {
            StreamsMetrics.InvalidSubBatches.Inc();
        }

        return null;
    }

    public void Close()
    {
        if (_member is not null)
        {
            ThreadEngines.Leave(_node, _member);
            _member = null;
            _engine = null;
        }

        // Streamiz closes processors after the task's last commit flushed the edge stores: their edges may go.
        foreach (var store in _edgeStores.Values)
        {
            store.Release();
        }

        _edgeStores.Clear();
    }

    /// <summary>
    /// A batch of a trace-partitioned input, handed on by the decode node of this task: the processors that need trace
    /// affinity run on it, or all of them where the decode stage runs none (<paramref name="placement"/>). A marker without
    /// a batch (which the topology never forwards) is counted and skipped.
    /// </summary>
    private static void ProcessHandedOff(GenerateEngine engine, ProcessorPlacement placement, EngineMember member)
    {
        if (DirectBatchHandOff.Take() is not { } batch)
        {
            StreamsMetrics.InvalidSubBatches.Inc();
            return;
        }

        engine.Process(batch, engine.EnsureTenant(batch.Tenant), placement, member);
    }

    private void Tick()
    {
        if (_context is null)
        {
            return;
        }

        // A partition without input still reports a watermark (the clock, once idle), or windows would never close.
        var engine = Engine();
        engine.Tick(_member!);
        SendWatermark(engine);
    }

    /// <summary>The deltas of windows closed at the shared engine's watermark, then the task's own to every series partition.</summary>
    private void SendWatermark(GenerateEngine engine)
    {
        Flush(engine, closedOnly: true);
        RequestCommitIfHeld(engine);
        var own = _member!.WatermarkMs;
        if (own == long.MinValue)
        {
            return;
        }

        var watermark = StageRecord.EncodeWatermark(_watermarks.Id(_context!.Id.Partition), _watermarks.Count, own);
        for (var p = 0; p < _settings.SeriesPartitions; p++)
        {
            _context.Forward(p.ToString(CultureInfo.InvariantCulture), watermark);
        }
    }

    /// <summary>
    /// Expiring edges on the tick changes what the commit hook writes (edge deletions, the deltas of expired edges), but
    /// Streamiz flushes a task's stores before a commit only when the task processed a record since its last one, or
    /// asked for a commit. A task that went idle would otherwise write them only when its stores are flushed for the
    /// checkpoint after the final commit of a shutdown: under exactly-once into a transaction the producer never ends,
    /// which a restarted worker with another transactional id (a fresh state directory gives another process id) does
    /// not fence, so read_committed readers of those partitions wait for the broker's transaction timeout.
    /// </summary>
    private void RequestCommitIfHeld(GenerateEngine engine)
    {
        var held = engine.HoldsDeltas;
        foreach (var store in _edgeStores.Values)
        {
            held |= store.HasPendingWrites;
        }

        if (held)
        {
            _context!.Commit();
        }
    }

    /// <summary>
    /// At commit: changed edges into the edge-store, deltas downstream. The topology connects the hook before the
    /// edge-store, so Streamiz flushes the edge-store (its changelog) after this, in the same commit.
    /// </summary>
    private void FlushAtCommit()
    {
        FlushEdges();
        if (_engine is not null)
        {
            Flush(_engine, closedOnly: false);
        }
    }

    /// <summary>
    /// Between ticks: a task that has just gone idle sends its watermark (after the deltas of the windows it closes) at
    /// once instead of at the next tick. Closed windows otherwise wait for the tick, which sends them with the watermark
    /// that closes them downstream.
    /// </summary>
    private void CheckIdle()
    {
        if (_engine is not null && _context is not null && _engine.AdvanceIfIdle(_member!))
        {
            SendWatermark(_engine);
        }
    }

    /// <summary>The engine this task shares with the generate tasks of its stream thread, joined on first use.</summary>
    private GenerateEngine Engine()
    {
        if (_engine is null)
        {
            _engine = ThreadEngines.Join(
                _node,
                () => new GenerateEngine(_settings.Configs, _settings.SeriesPartitions, _settings.Time, localBlocks: _settings.LocalBlocks, idleAfter: _settings.IdleAfter, idleLag: _settings.IdleLag, placement: _hopPlacement, sharedByTasks: true),
                CreateEdgeStore,
                out var member);
            _member = member;
        }

        return _engine;
    }

    private IEdgeStore? CreateEdgeStore(string tenant, TenantPipelineConfig config)
    {
        // Tenants are only built while processing a record, after the state store was opened and restored.
        if (config.ServiceGraphs is not { } options || _edgeState is null)
        {
            return null;
        }

        // A settings change rebuilds the tenant: the old store writes its changes first, so the new one restores them.
        if (_edgeStores.TryGetValue(tenant, out var previous))
        {
            previous.Flush();
        }

        var store = new PersistentEdgeStore(tenant, InMemoryEdgeStore.Create(options, _settings.Time), _edgeState);
        store.Restore();
        _edgeStores[tenant] = store;
        return store;
    }

    private void FlushEdges()
    {
        foreach (var store in _edgeStores.Values)
        {
            store.Flush();
        }
    }

    private void Flush(GenerateEngine engine, bool closedOnly)
    {
        _out.Clear();
        if (closedOnly)
        {
            engine.DrainClosed(_out);
        }
        else
        {
            engine.Drain(_out);
        }

        foreach (var (partition, value) in _out)
        {
            _context!.Forward(partition.ToString(CultureInfo.InvariantCulture), value);
        }
    }
}
