namespace KafkaMetricsGen.Streams.Broker;

/// <summary>What the proxy needs of the mock cluster to answer admin requests itself.</summary>
internal interface IClusterAdmin
{
    /// <summary>Creates a topic; returns a Kafka error code (0, or TOPIC_ALREADY_EXISTS, …).</summary>
    short CreateTopic(string name, int partitions);

    /// <summary>Deletes a topic and its data; returns a Kafka error code (0, or UNKNOWN_TOPIC_OR_PARTITION).</summary>
    short DeleteTopic(string name);

}

/// <summary>
/// The topic admin requests librdkafka's mock cluster has no handler for — CreateTopics and DeleteTopics — read and
/// answered by the proxy with the mock's own topic functions, and the ApiVersions answer extended to offer them. Topic
/// configs in CreateTopics are not kept: the mock has no topic configs. The mock cannot forget a consumer group (a
/// commit needs a current member, and a departed member lingers in its group until its rebalance timeout), so
/// DeleteGroups is answered with UNSUPPORTED_VERSION for every group — rather than not offered, because librdkafka's
/// admin client aborts the process when DeleteGroups is missing from the broker's ApiVersions.
/// </summary>
internal static class AdminRequests
{
    private const int DefaultPartitions = 1;

    private static readonly (short Key, short Max)[] Offered =
    [
        (KafkaProtocol.CreateTopicsApiKey, KafkaProtocol.CreateTopicsMaxVersion),
        (KafkaProtocol.DeleteTopicsApiKey, KafkaProtocol.DeleteTopicsMaxVersion),
        (KafkaProtocol.DeleteGroupsApiKey, KafkaProtocol.DeleteGroupsMaxVersion),
    ];

    public static bool IsAdmin(short apiKey) =>
        apiKey is KafkaProtocol.CreateTopicsApiKey or KafkaProtocol.DeleteTopicsApiKey or KafkaProtocol.DeleteGroupsApiKey;

    /// <summary>
    /// Carries out one admin request. Returns the response frame for the client and the placeholder request to
    /// forward in the request's place.
    /// </summary>
    public static AdminAnswer Handle(ReadOnlySpan<byte> frame, IClusterAdmin cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var reader = new KafkaWireReader(frame[KafkaProtocol.SizeFieldBytes..], "admin request");
        var header = KafkaRequestHeader.Read(ref reader, short.MaxValue);
        var response = new KafkaWireWriter();
        response.WriteInt32(header.CorrelationId);
        var maxVersion = Array.Find(Offered, o => o.Key == header.ApiKey).Max;
        if (header.ApiVersion > maxVersion)
        {
            throw new InvalidDataException($"admin request: api {header.ApiKey} version {header.ApiVersion} is above the offered {maxVersion}.");
        }

        switch (header.ApiKey)
        {
            case KafkaProtocol.CreateTopicsApiKey:
                CreateTopics(ref reader, header.ApiVersion, cluster, response);
                break;
            case KafkaProtocol.DeleteTopicsApiKey:
                DeleteTopics(ref reader, header.ApiVersion, cluster, response);
                break;
            default:
                RefuseDeleteGroups(ref reader, response);
                break;
        }

        return new AdminAnswer(header.CorrelationId, response.ToFrame(), Placeholder(header));
    }

    /// <summary>The ApiVersions answer (a whole frame, header v0) with the admin requests added to the offered keys.</summary>
    public static byte[] Offer(ReadOnlySpan<byte> frame, short version)
    {
        var flexible = version >= KafkaProtocol.ApiVersionsFirstFlexibleVersion;
        var bodyStart = KafkaProtocol.SizeFieldBytes + KafkaProtocol.ResponsePrefixBytes;
        var reader = new KafkaWireReader(frame[bodyStart..], "ApiVersions response");
        var errorCode = reader.ReadInt16("error_code");
        var count = reader.ReadArrayLength("api_keys", flexible);
        if (errorCode != KafkaProtocol.NoError || count < 0)
        {
            return frame.ToArray();
        }

        var entriesStart = reader.Position;
        var present = new HashSet<short>();
        for (var i = 0; i < count; i++)
        {
            present.Add(reader.ReadInt16("api_key"));
            _ = reader.ReadInt16("min_version");
            _ = reader.ReadInt16("max_version");
            if (flexible)
            {
                reader.SkipTaggedFields("api_keys tagged fields");
            }
        }

        var entriesEnd = reader.Position;
        var added = Offered.Where(o => !present.Contains(o.Key)).ToList();
        var body = frame[bodyStart..];
        var writer = new KafkaWireWriter();
        writer.WriteRaw(frame.Slice(KafkaProtocol.SizeFieldBytes, KafkaProtocol.ResponsePrefixBytes));
        writer.WriteInt16(errorCode);
        var total = count + added.Count;
        if (flexible)
        {
            WriteUnsignedVarint(writer, (uint)total + 1);
        }
        else
        {
            writer.WriteInt32(total);
        }

        writer.WriteRaw(body[entriesStart..entriesEnd]);
        foreach (var (key, max) in added)
        {
            writer.WriteInt16(key);
            writer.WriteInt16(0);
            writer.WriteInt16(max);
            if (flexible)
            {
                WriteUnsignedVarint(writer, 0);
            }
        }

        writer.WriteRaw(body[entriesEnd..]);
        return writer.ToFrame();
    }

    private static void CreateTopics(ref KafkaWireReader reader, short version, IClusterAdmin cluster, KafkaWireWriter response)
    {
        var requested = new List<(string Name, int Partitions)>();
        var topics = reader.ReadArrayLength("topics", flexible: false);
        for (var t = 0; t < topics; t++)
        {
            var name = reader.ReadString("topics.name", flexible: false);
            var partitions = reader.ReadInt32("topics.num_partitions");
            _ = reader.ReadInt16("topics.replication_factor");
            var assignments = reader.ReadArrayLength("topics.assignments", flexible: false);
            for (var a = 0; a < assignments; a++)
            {
                _ = reader.ReadInt32("assignments.partition_index");
                var brokers = reader.ReadArrayLength("assignments.broker_ids", flexible: false);
                for (var b = 0; b < brokers; b++)
                {
                    _ = reader.ReadInt32("assignments.broker_id");
                }

                partitions = Math.Max(partitions, a + 1);
            }

            var configs = reader.ReadArrayLength("topics.configs", flexible: false);
            for (var c = 0; c < configs; c++)
            {
                _ = reader.ReadString("configs.name", flexible: false);
                _ = reader.ReadNullableString("configs.value", flexible: false);
            }

            requested.Add((name, partitions));
        }

        _ = reader.ReadInt32("timeout_ms");
        var validateOnly = version >= 1 && reader.ReadBoolean("validate_only");
        if (version >= 2)
        {
            response.WriteInt32(0);
        }

        response.WriteInt32(requested.Count);
        foreach (var (name, partitions) in requested)
        {
            var (error, message) = validateOnly ? (KafkaProtocol.UnsupportedVersion, "validate_only is not supported by the embedded broker")
                : partitions is 0 or < -1 ? (KafkaProtocol.InvalidPartitions, "the number of partitions must be at least 1")
                : (cluster.CreateTopic(name, partitions == -1 ? DefaultPartitions : partitions), (string?)null);
            response.WriteString(name);
            response.WriteInt16(error);
            if (version >= 1)
            {
                response.WriteNullableString(message);
            }
        }
    }

    private static void DeleteTopics(ref KafkaWireReader reader, short version, IClusterAdmin cluster, KafkaWireWriter response)
    {
        var names = new List<string>();
        var count = reader.ReadArrayLength("topic_names", flexible: false);
        for (var i = 0; i < count; i++)
        {
            names.Add(reader.ReadString("topic_names", flexible: false));
        }

        _ = reader.ReadInt32("timeout_ms");
        if (version >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteInt32(names.Count);
        foreach (var name in names)
        {
            response.WriteString(name);
            response.WriteInt16(cluster.DeleteTopic(name));
        }
    }

    private static void RefuseDeleteGroups(ref KafkaWireReader reader, KafkaWireWriter response)
    {
        var count = reader.ReadArrayLength("groups_names", flexible: false);
        response.WriteInt32(0);
        response.WriteInt32(count);
        for (var i = 0; i < count; i++)
        {
            response.WriteString(reader.ReadString("groups_names", flexible: false));
            response.WriteInt16(KafkaProtocol.UnsupportedVersion);
        }
    }

    private static byte[] Placeholder(KafkaRequestHeader header)
    {
        var writer = new KafkaWireWriter();
        writer.WriteInt16(KafkaProtocol.ApiVersionsApiKey);
        writer.WriteInt16(KafkaProtocol.PlaceholderApiVersionsVersion);
        writer.WriteInt32(header.CorrelationId);
        writer.WriteNullableString(header.ClientId);
        return writer.ToFrame();
    }

    private static void WriteUnsignedVarint(KafkaWireWriter writer, uint value)
    {
        Span<byte> bytes = stackalloc byte[5];
        var length = 0;
        while (value >= 0x80)
        {
            bytes[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[length++] = (byte)value;
        writer.WriteRaw(bytes[..length]);
    }
}

/// <summary>One admin request answered by the proxy: its response and the placeholder forwarded in its place.</summary>
internal sealed record AdminAnswer(int CorrelationId, byte[] Response, byte[] Placeholder);

/// <summary>Responses the proxy wrote itself, waiting for the placeholder answers they replace (per connection).</summary>
internal sealed class SubstitutedResponses
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> _pending = new();

    public void Add(int correlationId, byte[] response) => _pending[correlationId] = response;

    public bool IsPending(int correlationId) => correlationId >= 0 && _pending.ContainsKey(correlationId);

    public bool TryTake(int correlationId, out byte[]? response) => _pending.TryRemove(correlationId, out response);
}
