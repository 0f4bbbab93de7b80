using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// One proxy connection's part in honouring read_committed. Requests: transactional Produce (which partitions a
/// producer id writes), EndTxn (how it ends), InitProducerId (fencing a previous producer), read_committed Fetch and
/// ApiVersions are noted by correlation id. Responses to them are read (Produce: where the records landed; EndTxn:
/// whether it was accepted), rewritten (read_committed Fetch: see <see cref="RecordBatches.FilterCommitted"/>) or
/// capped (ApiVersions: Produce and Fetch versions the proxy can parse; the admin requests it answers added) before
/// they reach the client.
/// </summary>
internal sealed class ReadCommittedTracker(TransactionVisibility visibility, TransactionalOffsetStatistics statistics, bool offerAdminApi = false)
{
    private readonly ConcurrentDictionary<int, Pending> _pending = new();

    /// <summary>Where rewritten Fetch responses are written: responses are handled one at a time, each sent before the next.</summary>
    private readonly KafkaWireWriter _fetchAnswer = new();

    public static bool Wants(short apiKey) => apiKey is KafkaProtocol.ProduceApiKey or KafkaProtocol.FetchApiKey
        or KafkaProtocol.ApiVersionsApiKey or KafkaProtocol.InitProducerIdApiKey or KafkaProtocol.EndTxnApiKey;

    public bool IsPending(int correlationId) => correlationId >= 0 && _pending.ContainsKey(correlationId);

    /// <summary>
    /// True when the response to <paramref name="correlationId"/> must be read whole (<see cref="HandleResponseAsync"/>).
    /// A read_committed Fetch needs it only once the cluster has seen a transactional Produce; before that the response
    /// goes through as it arrives, its note dropped, and the proxy neither gathers it nor grows a buffer to the
    /// response's size (tens of MiB with librdkafka's default fetch.max.bytes). Call once per response frame.
    /// </summary>
    public bool WantsResponse(int correlationId)
    {
        if (correlationId < 0 || !_pending.TryGetValue(correlationId, out var pending))
        {
            return false;
        }

        if (pending.ApiKey == KafkaProtocol.FetchApiKey && !visibility.HasTransactions)
        {
            _pending.TryRemove(correlationId, out _);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Notes a request before it goes on to the broker; one it cannot parse is counted and goes on unchanged. Returns
    /// the frame to forward in its place, or null to forward it as it is: an InitProducerId that names an earlier
    /// producer of a transactional id this broker never saw goes on without it (see <see cref="RecoveringProducer"/>).
    /// </summary>
    public byte[]? OnRequest(ReadOnlySpan<byte> frame)
    {
        try
        {
            var reader = new KafkaWireReader(frame[KafkaProtocol.SizeFieldBytes..], "request");
            var apiKey = BinaryPrimitives.ReadInt16BigEndian(frame[KafkaProtocol.SizeFieldBytes..]);
            var firstFlexible = apiKey switch
            {
                KafkaProtocol.ApiVersionsApiKey => KafkaProtocol.ApiVersionsFirstFlexibleVersion,
                KafkaProtocol.InitProducerIdApiKey => KafkaProtocol.InitProducerIdFirstFlexibleVersion,
                KafkaProtocol.EndTxnApiKey => KafkaProtocol.EndTxnFirstFlexibleVersion,
                _ => short.MaxValue,
            };
            var header = KafkaRequestHeader.Read(ref reader, firstFlexible);
            switch (apiKey)
            {
                case KafkaProtocol.ApiVersionsApiKey:
                    _pending[header.CorrelationId] = new Pending(apiKey, header.ApiVersion, null, -1, false);
                    break;
                case KafkaProtocol.InitProducerIdApiKey:
                    var transactionalId = reader.ReadNullableString("transactional_id", header.ApiVersion >= KafkaProtocol.InitProducerIdFirstFlexibleVersion);
                    if (transactionalId is not null)
                    {
                        _pending[header.CorrelationId] = new Pending(apiKey, header.ApiVersion, null, -1, false) { TransactionalId = transactionalId };
                        var known = visibility.OnInitialising(transactionalId);
                        visibility.OnInitProducer(transactionalId);
                        if (!known && header.ApiVersion >= KafkaProtocol.InitProducerIdProducerVersion)
                        {
                            return RecoveringProducer(frame, ref reader, transactionalId);
                        }
                    }

                    break;
                case KafkaProtocol.EndTxnApiKey when header.ApiVersion < KafkaProtocol.EndTxnFirstFlexibleVersion:
                    var ending = reader.ReadString("transactional_id", flexible: false);
                    var producerId = reader.ReadInt64("producer_id");
                    var fenced = visibility.IsFenced(ending, producerId, reader.ReadInt16("producer_epoch"));
                    _pending[header.CorrelationId] = new Pending(apiKey, header.ApiVersion, null, producerId, reader.ReadBoolean("committed")) { Fenced = fenced };
                    if (fenced)
                    {
                        // Its open transaction ends as aborted whatever the mock answers; the client is told it was fenced.
                        visibility.OnEnded(producerId, committed: false);
                    }

                    break;
                case KafkaProtocol.FetchApiKey when header.ApiVersion is >= KafkaProtocol.FetchIsolationVersion and <= KafkaProtocol.FetchMaxVersion:
                    _ = reader.ReadInt32("replica_id");
                    _ = reader.ReadInt32("max_wait_ms");
                    _ = reader.ReadInt32("min_bytes");
                    _ = reader.ReadInt32("max_bytes");
                    if (reader.ReadInt8("isolation_level") == KafkaProtocol.ReadCommitted)
                    {
                        _pending[header.CorrelationId] = new Pending(apiKey, header.ApiVersion, null, -1, false);
                    }

                    break;
                case KafkaProtocol.ProduceApiKey when header.ApiVersion is >= KafkaProtocol.ProduceTransactionalVersion and <= KafkaProtocol.ProduceMaxVersion:
                    OnProduce(ref reader, header);
                    break;
            }
        }
        catch (InvalidDataException e)
        {
            statistics.OnMalformed(e.Message);
        }

        return null;
    }

    /// <summary>
    /// A first InitProducerId for this transactional id that names a producer id and epoch (librdkafka bumps its epoch
    /// that way after an aborted transaction): the producer was initialised on a broker that has since restarted. The
    /// mock answers UNKNOWN_PRODUCER_ID, which librdkafka retries for ever, so the producer's abort never returns and
    /// its stream thread never rejoins its group. Kafka creates the transactional id afresh and answers with a new
    /// producer id; the request goes on without the earlier producer (id and epoch -1, same size), so the mock does
    /// the same.
    /// </summary>
    private byte[]? RecoveringProducer(ReadOnlySpan<byte> frame, ref KafkaWireReader reader, string transactionalId)
    {
        _ = reader.ReadInt32("transaction_timeout_ms");
        var at = KafkaProtocol.SizeFieldBytes + reader.Position;
        var producerId = reader.ReadInt64("producer_id");
        var epoch = reader.ReadInt16("producer_epoch");
        if (producerId < 0)
        {
            return null;
        }

        var copy = frame.ToArray();
        BinaryPrimitives.WriteInt64BigEndian(copy.AsSpan(at), -1);
        BinaryPrimitives.WriteInt16BigEndian(copy.AsSpan(at + sizeof(long)), -1);
        statistics.OnRecoveredProducer(string.Create(CultureInfo.InvariantCulture, $"InitProducerId of {transactionalId} named producer {producerId} (epoch {epoch}), unknown to this broker: initialised afresh"));
        return copy;
    }

    /// <summary>Takes a noted response out of the stream; writes what the client gets in its place.</summary>
    public async ValueTask HandleResponseAsync(ReadOnlyMemory<byte> frame, Stream destination, CancellationToken cancellationToken)
    {
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.Span[KafkaProtocol.SizeFieldBytes..]);
        if (!_pending.TryRemove(correlationId, out var pending))
        {
            await destination.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            return;
        }

        ReadOnlyMemory<byte> answer = frame;
        try
        {
            answer = pending.ApiKey switch
            {
                KafkaProtocol.FetchApiKey when FetchResponses.DeliversUnchanged(frame.Span, pending.Version, visibility) => frame,
                KafkaProtocol.FetchApiKey => Filtered(FetchResponses.FilterCommitted(frame.Span, pending.Version, visibility, _fetchAnswer)),
                KafkaProtocol.ApiVersionsApiKey when offerAdminApi => AdminRequests.Offer(CapVersions(frame.Span, pending.Version), pending.Version),
                KafkaProtocol.ApiVersionsApiKey => CapVersions(frame.Span, pending.Version),
                _ => frame,
            };
            if (pending.ApiKey == KafkaProtocol.ProduceApiKey)
            {
                OnProduceAnswered(frame.Span, pending);
            }
            else if (pending.ApiKey == KafkaProtocol.InitProducerIdApiKey)
            {
                OnInitProducerIdAnswered(frame.Span, pending);
            }
            else if (pending.ApiKey == KafkaProtocol.EndTxnApiKey && pending.Fenced)
            {
                answer = FencedAnswer(frame.Span);
            }
            else if (pending.ApiKey == KafkaProtocol.EndTxnApiKey)
            {
                var reader = Body(frame.Span);
                _ = reader.ReadInt32("throttle_time_ms");
                if (reader.ReadInt16("error_code") == KafkaProtocol.NoError)
                {
                    visibility.OnEnded(pending.ProducerId, pending.Committed);
                }
            }
        }
        catch (InvalidDataException e)
        {
            statistics.OnMalformed(e.Message);
        }

        await destination.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when this EndTxn comes from a producer a later InitProducerId of its transactional id fenced.</summary>
    public bool IsFenced(EndTxnRequest request) => visibility.IsFenced(request.TransactionalId, request.ProducerId, request.ProducerEpoch);

    private void OnInitProducerIdAnswered(ReadOnlySpan<byte> frame, Pending pending)
    {
        var reader = Body(frame);
        if (pending.Version >= KafkaProtocol.InitProducerIdFirstFlexibleVersion)
        {
            reader.SkipTaggedFields("response header tagged fields");
        }

        _ = reader.ReadInt32("throttle_time_ms");
        if (reader.ReadInt16("error_code") == KafkaProtocol.NoError)
        {
            var producerId = reader.ReadInt64("producer_id");
            visibility.OnProducerInitialised(pending.TransactionalId!, producerId, reader.ReadInt16("producer_epoch"));
        }
    }

    /// <summary>The EndTxn answer (v0 and v1: throttle time, then error code) with PRODUCER_FENCED as its error.</summary>
    private byte[] FencedAnswer(ReadOnlySpan<byte> frame)
    {
        var copy = frame.ToArray();
        BinaryPrimitives.WriteInt16BigEndian(copy.AsSpan(KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes + sizeof(int)), KafkaProtocol.ProducerFenced);
        statistics.OnFencedEnd();
        return copy;
    }

    private ReadOnlyMemory<byte> Filtered(ReadOnlyMemory<byte> answer)
    {
        statistics.OnFetchFiltered();
        return answer;
    }

    private static KafkaWireReader Body(ReadOnlySpan<byte> frame) =>
        new(frame[(KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes)..], "response");

    /// <summary>
    /// The ApiVersions answer with Produce and Fetch capped at the versions the proxy parses (the values sit at fixed
    /// places, so the frame keeps its size).
    /// </summary>
    private static byte[] CapVersions(ReadOnlySpan<byte> frame, short version)
    {
        var copy = frame.ToArray();
        var flexible = version >= KafkaProtocol.ApiVersionsFirstFlexibleVersion;
        var reader = Body(frame);
        _ = reader.ReadInt16("error_code");
        var count = reader.ReadArrayLength("api_keys", flexible);
        var bodyStart = KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes;
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadInt16("api_key");
            _ = reader.ReadInt16("min_version");
            var maxAt = bodyStart + reader.Position;
            var max = reader.ReadInt16("max_version");
            var cap = key switch
            {
                KafkaProtocol.ProduceApiKey => KafkaProtocol.ProduceMaxVersion,
                KafkaProtocol.FetchApiKey => KafkaProtocol.FetchMaxVersion,
                _ => max,
            };
            if (max > cap)
            {
                BinaryPrimitives.WriteInt16BigEndian(copy.AsSpan(maxAt), cap);
            }

            if (flexible)
            {
                reader.SkipTaggedFields("api_keys tagged fields");
            }
        }

        return copy;
    }

    private void OnProduce(ref KafkaWireReader reader, KafkaRequestHeader header)
    {
        var transactionalId = reader.ReadNullableString("transactional_id", flexible: false);
        if (transactionalId is null)
        {
            return;
        }

        _ = reader.ReadInt16("acks");
        _ = reader.ReadInt32("timeout_ms");
        var written = new List<(string Topic, int Partition)>();
        var producerId = -1L;
        var topics = reader.ReadArrayLength("topic_data", flexible: false);
        for (var t = 0; t < topics; t++)
        {
            var topic = reader.ReadString("topic_data.name", flexible: false);
            var partitions = reader.ReadArrayLength("partition_data", flexible: false);
            for (var p = 0; p < partitions; p++)
            {
                var partition = reader.ReadInt32("partition_data.index");
                var length = reader.ReadInt32("records length");
                if (length <= 0)
                {
                    continue;
                }

                if (RecordBatches.TryReadProducer(reader.ReadRaw(length, "records"), out var id, out var transactional) && transactional)
                {
                    producerId = id;
                    written.Add((topic, partition));
                }
            }
        }

        if (written.Count == 0)
        {
            return;
        }

        foreach (var (topic, partition) in written)
        {
            visibility.OnProduceSent(transactionalId, producerId, topic, partition);
        }

        _pending[header.CorrelationId] = new Pending(KafkaProtocol.ProduceApiKey, header.ApiVersion, written, producerId, false);
    }

    private void OnProduceAnswered(ReadOnlySpan<byte> frame, Pending pending)
    {
        var answered = new HashSet<(string, int)>();
        try
        {
            var reader = Body(frame);
            var topics = reader.ReadArrayLength("responses", flexible: false);
            for (var t = 0; t < topics; t++)
            {
                var topic = reader.ReadString("responses.name", flexible: false);
                var partitions = reader.ReadArrayLength("partition_responses", flexible: false);
                for (var p = 0; p < partitions; p++)
                {
                    var partition = reader.ReadInt32("index");
                    var error = reader.ReadInt16("error_code");
                    var baseOffset = reader.ReadInt64("base_offset");
                    _ = reader.ReadInt64("log_append_time_ms");
                    if (pending.Version >= KafkaProtocol.ProduceLogStartOffsetVersion)
                    {
                        _ = reader.ReadInt64("log_start_offset");
                    }

                    if (pending.Version >= KafkaProtocol.ProduceRecordErrorsVersion)
                    {
                        var recordErrors = reader.ReadArrayLength("record_errors", flexible: false);
                        for (var e = 0; e < recordErrors; e++)
                        {
                            _ = reader.ReadInt32("batch_index");
                            _ = reader.ReadNullableString("batch_index_error_message", flexible: false);
                        }

                        _ = reader.ReadNullableString("error_message", flexible: false);
                    }

                    if (pending.Written!.Contains((topic, partition)) && answered.Add((topic, partition)))
                    {
                        visibility.OnProduceAnswered(pending.ProducerId, topic, partition, baseOffset, error == KafkaProtocol.NoError);
                    }
                }
            }
        }
        finally
        {
            // A partition the answer does not name (or an unreadable answer) wrote nothing the proxy can place.
            foreach (var (topic, partition) in pending.Written!)
            {
                if (!answered.Contains((topic, partition)))
                {
                    visibility.OnProduceAnswered(pending.ProducerId, topic, partition, -1, succeeded: false);
                }
            }
        }
    }

    private sealed record Pending(short ApiKey, short Version, List<(string Topic, int Partition)>? Written, long ProducerId, bool Committed)
    {
        /// <summary>InitProducerId: the transactional id it initialises.</summary>
        public string? TransactionalId { get; init; }

        /// <summary>EndTxn: its producer was fenced; the answer becomes PRODUCER_FENCED.</summary>
        public bool Fenced { get; init; }
    }
}
