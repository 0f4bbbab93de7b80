using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Commit;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Ingest;
using KafkaMetricsGen.Streams.Telemetry;
using Streamiz.Kafka.Net.Processors.Public;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// Stage 1 on Streamiz, per input topic: decode a record with the topic's codec, take the tenant (record key for
/// push-bytes, else the tenant header, else the default), run the tenant's processors that need no trace affinity on
/// the whole record (<see cref="ProcessorPlacement.WhereRecordArrives"/>: span metrics, target_info), and forward only
/// the spans the others read (<see cref="TenantProcessors.SelectsForTrace"/>), one sub-batch per trace partition (keyed
/// by the partition number, 4 bytes big-endian) — or, for a trace-partitioned topic, hand the decoded batch itself to
/// the generate node of the same task (<see cref="DirectBatchHandOff"/>), where the others run on it (every processor,
/// when this stage runs none): no frame is written or read, and no span decoded twice. The series deltas of the
/// processors run here are forwarded keyed by <see cref="SeriesDeltasKey"/> the way the generate stage sends its own:
/// windows closed right before the task's watermark (every tick, or as the task goes idle), every delta when the task
/// commits. The tasks of the topic on one stream thread share these processors (<see cref="DecodeEngines"/>): windows
/// close at the lowest watermark of those tasks, and each task sends its own. Sub-batches bound for one partition are
/// gathered into a <see cref="SubBatchFrame"/> across records (and, through the <see cref="DecodeTaskGroup"/>, across
/// the routing tasks of the stream thread) and sent when the frame is full or the task commits
/// (<see cref="CommitHookStore"/>), so a commit never covers input whose spans are still buffered, and every flush
/// interval in between, so the next stage is never kept waiting for a commit. An undecodable record is forwarded
/// unchanged with its original key, plus error headers, for the dead-letter branch; the stream goes on.
/// </summary>
public sealed class DecodeTransformer : ITransformer<byte[], byte[], byte[], byte[]>
{
    /// <summary>A frame's version byte and a sub-batch's length prefix.</summary>
    private const int FrameOverheadBytes = 1 + 4;

    /// <summary>Room for the truncation header on a dead-letter copy.</summary>
    private const int TruncatedHeaderBytes = 64;

    private readonly DecodeStageSettings _settings;
    private readonly ISpanBatchDecoder _decoder;
    private readonly SpanBatch _batch = new();
    private readonly SpansByPartition? _byTrace;
    private readonly Dictionary<string, TenantRoute> _tenantRoutes = new(StringComparer.Ordinal);
    private readonly SubBatchBuffers _frames;
    private readonly Action<int, byte[]> _forward;
    private readonly byte[]? _keylessTenantKey;
    private readonly List<(int Partition, int Start, int Count)> _chunks = [];
    private readonly List<int> _chunkSpans = [];
    private GenerateEngine? _local;
    private EngineMember? _member;
    private readonly List<KeyValuePair<int, byte[]>> _deltas = [];
    private readonly byte[][] _seriesKeys = [];
    private TenantProcessors? _selector;
    private ProcessorContext<byte[], byte[]>? _context;
    private CommitForwarder? _forwarder;
    private DecodeTaskGroup? _group;

    /// <summary>
    /// For Streamiz's builder, which needs a parameterless constructor to inspect the type; the instances that process
    /// records are created with the settings argument.
    /// </summary>
    public DecodeTransformer()
    {
        _settings = null!;
        _decoder = null!;
        _frames = null!;
        _forward = null!;
    }

    public DecodeTransformer(DecodeStageSettings settings)
    {
        _settings = settings;
        _decoder = SpanBatchDecoders.Create(settings.Topic.Codec);
        // A trace-partitioned topic hands its batches on without frames (see HandOff); its buffer stays empty.
        _byTrace = settings.Topic.TracePartitioned ? null : new SpansByPartition(settings.TracePartitions);
        _frames = new SubBatchBuffers(settings.Topic.TracePartitioned ? 1 : settings.TracePartitions, settings.MaxFrameBytes, settings.MaxInternalRecordBytes);
        _forward = (partition, value) => _context!.Forward(PartitionKey(partition), value);
        _keylessTenantKey = settings.Topic.Codec == Codecs.PushBytes ? Encoding.UTF8.GetBytes(settings.DefaultTenant) : null;
        if (settings.Processors is { } processors)
        {
            ArgumentNullException.ThrowIfNull(settings.Watermarks);
            _seriesKeys = new byte[processors.SeriesPartitions][];
            for (var p = 0; p < _seriesKeys.Length; p++)
            {
                _seriesKeys[p] = SeriesDeltasKey(p);
            }
        }
    }

    /// <summary>First byte of the key of a series-deltas record; no trace-partition key (4 bytes) is 5 bytes long.</summary>
    private const byte SeriesDeltasMarker = 0xD5;

    /// <summary>
    /// The key the topology gives a keyless record before this stage (Streamiz skips null keys before a stateful
    /// transformer). Compared by reference: a record with an empty key of its own is not keyless. A keyless push-bytes
    /// record belongs to the default tenant; the other codecs take the tenant from the header as always.
    /// </summary>
    public static readonly byte[] KeylessKey = new byte[0];

    /// <summary>The commit-hook store of the decode stage of <paramref name="topic"/>.</summary>
    public static string FlushStoreName(string topic) => StreamsNames.DecodeFlushPrefix + topic;

    public void Init(ProcessorContext<byte[], byte[]> context)
    {
        _context = context;
        if (!_settings.Topic.TracePartitioned)
        {
            _group = DecodeTaskGroup.Join(_settings.Topic.Name, _frames);
        }

        if (_settings.Processors is { } processors)
        {
            _local = DecodeEngines.Join(_settings.Topic.Name, processors, out var member);
            _member = member;
        }

        context.Schedule(_settings.FlushInterval, PunctuationType.PROCESSING_TIME, _ => FlushFrames());
        if (_local is not null)
        {
            context.Schedule(_settings.Processors!.TickInterval, PunctuationType.PROCESSING_TIME, _ => Tick());
        }
    }

    public Record<byte[], byte[]>? Process(Record<byte[], byte[]> record)
    {
        // Done with the record: the consumer lets go of its value now, not at the next poll.
        var output = ProcessRecord(record);

        // The batch may read the value in place (a decoder lends it the array): it lets go first.
        _batch.Reset();
        StreamThreadConsumer.Processed(record.Value);
        return output;
    }

    private Record<byte[], byte[]>? ProcessRecord(Record<byte[], byte[]> record)
    {
        _forwarder ??= new CommitForwarder((CommitHookStore)_context!.GetStateStore(FlushStoreName(_settings.Topic.Name)), FlushAtCommit);
        _forwarder.Capture();
        var value = record.Value ?? [];
        var length = StreamThreadConsumer.ValueLength(value);
        _batch.Reset();
        _batch.Strings = Utf8StringCache.OfCurrentThread();
        var keyless = record.Key is null || ReferenceEquals(record.Key, KeylessKey);
        var key = keyless && _keylessTenantKey is not null ? _keylessTenantKey : record.Key ?? [];
        var result = _decoder.Decode(key, value, length, _batch);
        if (result.Success && _batch.Tenant.Length == 0)
        {
            _batch.Tenant = TenantFromHeader(record.Headers) ?? _settings.DefaultTenant;
        }

        if (!result.Success)
        {
            return DeadLetter(record, keyless, result);
        }

        // Only the spans the tenant's by-trace processors read cross the trace hop; a tenant without such processors
        // sends none.
        TenantGenerator? tenant = null;
        if (_local is not null)
        {
            tenant = _local.EnsureTenant(_batch.Tenant);
            _selector = tenant.Processors;
        }

        // A record larger than a frame goes out in chunks of about a frame, each in a spans-by-trace record of its own,
        // so no internal record outgrows the topic; one whose span alone does not fit is dead-lettered whole.
        var chunked = !_settings.Topic.TracePartitioned && length > _settings.MaxFrameBytes;
        if (chunked)
        {
            var plan = PlanChunks();
            if (!plan.Success)
            {
                return DeadLetter(record, keyless, plan);
            }
        }

        _batch.RecordTimeUnixMs = record.Timestamp.UnixTimestampMs;
        SelfMetrics.SpansReceived.WithLabels(_batch.Tenant).Inc(_batch.SpanCount);
        var bytes = 0L;
        foreach (ref readonly var r in _batch.Resources)
        {
            bytes += r.EncodedSize;
        }

        SelfMetrics.BytesReceived.WithLabels(_batch.Tenant).Inc(bytes);
        if (_batch.SpanCount == 0)
        {
            return null;
        }

        // The spans bound for the hop are counted before the processors here count the record's spans as processed, so
        // whoever sees every span processed sees every span sent too.
        if (!_settings.Topic.TracePartitioned && (tenant is null || tenant.Processors.NeedsTraceAffinity))
        {
            var route = TenantRouteOf(_batch.Tenant);
            var byTrace = chunked ? _byTrace! : PartitionSpans(route);
            route.Sent.Inc(byTrace.Count);
        }

        if (tenant is not null)
        {
            _local!.Process(_batch, tenant, ProcessorPlacement.WhereRecordArrives, _member!);
            if (!tenant.Processors.NeedsTraceAffinity)
            {
                return null;
            }
        }

        if (_settings.Topic.TracePartitioned)
        {
            HandOff();
            return null;
        }

        if (chunked)
        {
            SendChunks();
            return null;
        }

        Route();
        return null;
    }

    public void Close()
    {
        // After a commit nothing is buffered; a task closed without one drops what it holds (its input is read again).
        _group?.Leave(_frames);
        _group = null;
        _frames.Clear();
        if (_member is not null)
        {
            DecodeEngines.Leave(_settings.Topic.Name, _settings.Processors!, _member);
            _member = null;
            _local = null;
        }
    }

    /// <summary>Appends the spans grouped by <see cref="PartitionSpans"/> to their partitions' frames; sends the full ones.</summary>
    private void Route()
    {
        var byTrace = _byTrace!;
        var group = _group!;
        group.MarkDirty();
        var projection = _selector?.ByTraceReads;
        foreach (var p in byTrace.Partitions)
        {
            if (_frames.Append(p, _batch, byTrace.Spans(p), projection))
            {
                group.Flush(p, _forward);
            }
        }
    }

    /// <summary>
    /// Splits the spans of each trace partition into chunks of about a frame (by size as received) and checks that each
    /// chunk, encoded, fits a spans-by-trace record.
    /// </summary>
    private DecodeResult PlanChunks()
    {
        var byTrace = PartitionSpans(TenantRouteOf(_batch.Tenant));
        _chunks.Clear();
        _chunkSpans.Clear();
        foreach (var p in byTrace.Partitions)
        {
            var start = _chunkSpans.Count;
            var bytes = 0L;
            foreach (var i in byTrace.Spans(p))
            {
                var size = _batch.Span(i).EncodedSize;
                if (_chunkSpans.Count > start && bytes + size > _settings.MaxFrameBytes)
                {
                    _chunks.Add((p, start, _chunkSpans.Count - start));
                    start = _chunkSpans.Count;
                    bytes = 0;
                }

                _chunkSpans.Add(i);
                bytes += size;
            }

            if (_chunkSpans.Count > start)
            {
                _chunks.Add((p, start, _chunkSpans.Count - start));
            }
        }

        var spans = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_chunkSpans);
        foreach (var (partition, start, count) in _chunks)
        {
            var measured = CompactSubBatch.Measure(_batch, spans.Slice(start, count), _selector?.ByTraceReads) + FrameOverheadBytes;
            if (measured > _settings.MaxInternalRecordBytes)
            {
                return DecodeResult.Fail(
                    DecodeFailureReasons.TooLarge,
                    $"{count} span(s) for trace partition {partition} encode to {measured} bytes, more than the {_settings.MaxInternalRecordBytes} a spans-by-trace record may hold");
            }
        }

        return DecodeResult.Ok;
    }

    /// <summary>Sends what is buffered, then each planned chunk as a spans-by-trace record of its own.</summary>
    private void SendChunks()
    {
        var group = _group!;
        group.MarkDirty();
        group.FlushAll(_forward);
        var spans = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_chunkSpans);
        foreach (var (partition, start, count) in _chunks)
        {
            _frames.Append(partition, _batch, spans.Slice(start, count), _selector?.ByTraceReads);
            group.MarkDirty();
            group.Flush(partition, _forward);
        }
    }

    /// <summary>Groups the spans of the record that cross the hop by their trace partition.</summary>
    private SpansByPartition PartitionSpans(TenantRoute route)
    {
        var byTrace = _byTrace!;
        byTrace.Group(_batch, route.Seed, _selector);
        return byTrace;
    }

    private TenantRoute TenantRouteOf(string tenant)
    {
        if (!_tenantRoutes.TryGetValue(tenant, out var route))
        {
            route = new TenantRoute(TracePartitioner.TenantSeed(tenant), GenerateMetrics.SpansSentByTrace.WithLabels(tenant));
            _tenantRoutes[tenant] = route;
        }

        return route;
    }

    /// <summary>A tenant's trace-partition seed and its count of spans sent through the hop.</summary>
    private sealed record TenantRoute(uint Seed, Prometheus.Counter.Child Sent);

    /// <summary>
    /// A trace-partitioned record's batch goes to the generate node of this task by reference: every processor runs on
    /// it there, inside this call, before the next record is decoded into the same batch.
    /// </summary>
    private void HandOff()
    {
        DirectBatchHandOff.Offer(_batch);
        try
        {
            _context!.Forward(DirectBatchHandOff.Key, DirectBatchHandOff.Value);
        }
        finally
        {
            DirectBatchHandOff.Withdraw();
        }
    }

    /// <summary>
    /// Periodic work of the processors run here: the deltas of windows closed at this task's watermark, then the watermark
    /// to every series partition (a partition without input still reports one, the clock once idle).
    /// </summary>
    private void Tick()
    {
        if (_context is null || _local is null)
        {
            return;
        }

        _local.Tick(_member!);
        SendWatermark();
    }

    /// <summary>The deltas of windows closed at the shared engine's watermark, then the task's own watermark to every series partition.</summary>
    private void SendWatermark()
    {
        ForwardDeltas(closedOnly: true);
        var own = _member!.WatermarkMs;
        if (own == long.MinValue)
        {
            return;
        }

        var watermark = StageRecord.EncodeWatermark(_settings.Watermarks!.Id(_context!.Id.Partition), _settings.Watermarks.Count, own);
        foreach (var key in _seriesKeys)
        {
            _context.Forward(key, watermark);
        }
    }

    /// <summary>At commit: every frame and every delta, so the commit covers no input whose output is still buffered.</summary>
    private void FlushAtCommit()
    {
        SendFrames();
        ForwardDeltas(closedOnly: false);
    }

    /// <summary>
    /// Every flush interval: the frames; a task that has just gone idle sends its watermark too (after the deltas of the
    /// windows it closes), instead of at the next tick. Closed windows otherwise keep their deltas until the tick sends
    /// them with the watermark that closes them downstream: one record per series partition for all of them.
    /// </summary>
    private void FlushFrames()
    {
        SendFrames();
        if (_context is not null && _local is not null && _local.AdvanceIfIdle(_member!))
        {
            SendWatermark();
        }
    }

    private void ForwardDeltas(bool closedOnly)
    {
        if (_local is null)
        {
            return;
        }

        _deltas.Clear();
        if (closedOnly)
        {
            _local.DrainClosed(_deltas);
        }
        else
        {
            _local.Drain(_deltas);
        }

        foreach (var (partition, value) in _deltas)
        {
            _context!.Forward(_seriesKeys[partition], value);
        }
    }

    /// <summary>Sends every frame that holds sub-batches (at commit and every flush interval; the task's own node is current).</summary>
    private void SendFrames()
    {
        _group?.FlushAll(_forward);
    }

    private Record<byte[], byte[]> DeadLetter(Record<byte[], byte[]> record, bool keyless, DecodeResult result)
    {
        var tenant = DeadLetterTenant(record, keyless);
        DecodeMetrics.DeadLetterRecords.WithLabels(_settings.Topic.Name, result.FailureReason!, tenant).Inc();
        WorkerLogs.HotPath.Warn(_settings.Topic.Name + "/" + result.FailureReason, "record sent to the dead-letter topic", result.Detail ?? string.Empty);
        // The original headers stay; the error headers are added to the same collection, which is also the record
        // context Streamiz forwards with.
        var headers = record.Headers ?? [];
        headers.Add(StreamsNames.ErrorReasonHeader, Encoding.UTF8.GetBytes(result.FailureReason!));
        headers.Add(StreamsNames.ErrorDetailHeader, Encoding.UTF8.GetBytes(result.Detail ?? string.Empty));
        headers.Add(StreamsNames.ErrorSourceTopicHeader, Encoding.UTF8.GetBytes(_settings.Topic.Name));
        var key = keyless ? null : record.Key;

        // A value read into a padded array goes as long as it came.
        var value = record.Value is { } padded && StreamThreadConsumer.ValueLength(padded) is var length && length < padded.Length ? padded[..length] : record.Value;
        var size = (key?.Length ?? 0) + (value?.Length ?? 0) + TruncatedHeaderBytes;
        foreach (var h in headers)
        {
            size += h.Key.Length + (h.GetValueBytes()?.Length ?? 0);
        }

        if (value is not null && size > _settings.MaxInternalRecordBytes)
        {
            // Too large for the dead-letter topic: the headers and the start of the value go, the original length with them.
            DecodeMetrics.DeadLetterTruncated.WithLabels(_settings.Topic.Name, result.FailureReason!, tenant).Inc();
            headers.Add(StreamsNames.ErrorTruncatedFromHeader, Encoding.UTF8.GetBytes(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            value = value[..Math.Max(0, value.Length - (size - _settings.MaxInternalRecordBytes))];
        }

        // A keyless record goes to the dead-letter topic keyless, as it came.
        return Record<byte[], byte[]>.Create(key!, value!, headers);
    }

    /// <summary>The tenant an undecodable record was meant for: the push-bytes key if it has one, else the header, else the default.</summary>
    private string DeadLetterTenant(Record<byte[], byte[]> record, bool keyless)
    {
        if (_keylessTenantKey is not null && !keyless && record.Key.Length > 0)
        {
            return Encoding.UTF8.GetString(record.Key);
        }

        return TenantFromHeader(record.Headers) ?? _settings.DefaultTenant;
    }

    private string? TenantFromHeader(Headers? headers)
    {
        if (headers is null || _settings.TenantHeader.Length == 0)
        {
            return null;
        }

        foreach (var h in headers)
        {
            if (string.Equals(h.Key, _settings.TenantHeader, StringComparison.OrdinalIgnoreCase))
            {
                var tenant = Encoding.UTF8.GetString(h.GetValueBytes());
                return tenant.Length == 0 ? null : tenant;
            }
        }

        return null;
    }

    /// <summary>The key of a sub-batch: its trace partition, 4 bytes big-endian.</summary>
    public static byte[] PartitionKey(int partition)
    {
        var key = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(key, partition);
        return key;
    }

    /// <summary>The key of a series-deltas record (deltas or a watermark) bound for <paramref name="seriesPartition"/>.</summary>
    public static byte[] SeriesDeltasKey(int seriesPartition)
    {
        var key = new byte[5];
        key[0] = SeriesDeltasMarker;
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(1), seriesPartition);
        return key;
    }

    /// <summary>True for a series-deltas record of the decode stage (checked after <see cref="IsDeadLetter"/>).</summary>
    public static bool IsSeriesDeltas(byte[]? key) => key is { Length: 5 } && key[0] == SeriesDeltasMarker;

    /// <summary>The series partition of a <see cref="SeriesDeltasKey"/>.</summary>
    public static int SeriesPartitionOf(byte[] key) => BinaryPrimitives.ReadInt32BigEndian(key.AsSpan(1));

    /// <summary>True for a record the decode stage marked for the dead-letter topic.</summary>
    public static bool IsDeadLetter(Headers? headers)
    {
        if (headers is null)
        {
            return false;
        }

        foreach (var h in headers)
        {
            if (h.Key == StreamsNames.ErrorReasonHeader)
            {
                return true;
            }
        }

        return false;
    }
}
