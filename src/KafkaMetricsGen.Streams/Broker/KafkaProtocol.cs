namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// The Kafka wire values the broker proxy reads or writes: api keys, the versions it parses, and the sizes of the
/// frame prefix it inspects. Everything else passes through untouched, so only these need names.
/// </summary>
internal static class KafkaProtocol
{
    /// <summary>Every frame starts with its payload size as a big-endian int32.</summary>
    public const int SizeFieldBytes = 4;

    /// <summary>Request header up to the correlation id: api_key i16, api_version i16, correlation_id i32.</summary>
    public const int RequestPrefixBytes = 8;

    /// <summary>Response header: correlation_id i32 (tagged fields follow only in flexible versions).</summary>
    public const int ResponsePrefixBytes = 4;

    public const short ProduceApiKey = 0;

    public const short FetchApiKey = 1;

    public const short OffsetCommitApiKey = 8;

    public const short ApiVersionsApiKey = 18;

    public const short InitProducerIdApiKey = 22;

    /// <summary>
    /// Highest Produce version the proxy lets clients negotiate: the last non-flexible one, which it parses to learn
    /// where transactional records land.
    /// </summary>
    public const short ProduceMaxVersion = 8;

    /// <summary>Produce v3 added transactional_id (the oldest version a transactional producer uses).</summary>
    public const short ProduceTransactionalVersion = 3;

    /// <summary>Produce v5 added log_start_offset to the partition response.</summary>
    public const short ProduceLogStartOffsetVersion = 5;

    /// <summary>Produce v8 added record_errors and error_message to the partition response.</summary>
    public const short ProduceRecordErrorsVersion = 8;

    /// <summary>
    /// Highest Fetch version the proxy lets clients negotiate: the last one with topic names and no flexible encoding,
    /// so read_committed responses can be rewritten without a topic-id map.
    /// </summary>
    public const short FetchMaxVersion = 11;

    /// <summary>Fetch v4 added isolation_level, last_stable_offset and aborted_transactions.</summary>
    public const short FetchIsolationVersion = 4;

    /// <summary>Fetch v5 added log_start_offset to the partition response.</summary>
    public const short FetchLogStartOffsetVersion = 5;

    /// <summary>Fetch v7 added the top-level error_code and session_id (fetch sessions).</summary>
    public const short FetchSessionVersion = 7;

    /// <summary>Fetch v11 added preferred_read_replica to the partition response.</summary>
    public const short FetchPreferredReplicaVersion = 11;

    /// <summary>isolation_level of a read_committed fetch.</summary>
    public const sbyte ReadCommitted = 1;

    /// <summary>ApiVersions v3 is the first flexible version (its response header stays v0).</summary>
    public const short ApiVersionsFirstFlexibleVersion = 3;

    /// <summary>InitProducerId v3 adds the producer id and epoch of the producer that asks again (KIP-360).</summary>
    public const short InitProducerIdProducerVersion = 3;

    /// <summary>InitProducerId v2 is the first flexible version.</summary>
    public const short InitProducerIdFirstFlexibleVersion = 2;

    public const short EndTxnApiKey = 26;

    public const short TxnOffsetCommitApiKey = 28;

    /// <summary>Highest TxnOffsetCommit the mock serves (and so the highest a client negotiates with it).</summary>
    public const short TxnOffsetCommitMaxVersion = 3;

    /// <summary>TxnOffsetCommit v2 added committed_leader_epoch.</summary>
    public const short TxnOffsetCommitLeaderEpochVersion = 2;

    /// <summary>TxnOffsetCommit v3 (KIP-447) added the group generation and member, and became flexible.</summary>
    public const short TxnOffsetCommitGroupMetadataVersion = 3;

    /// <summary>TxnOffsetCommit v3 is the first flexible version (compact strings and arrays, tagged fields).</summary>
    public const short TxnOffsetCommitFirstFlexibleVersion = 3;

    /// <summary>Highest EndTxn the mock serves; v0 and v1 share one non-flexible layout.</summary>
    public const short EndTxnMaxVersion = 1;

    /// <summary>EndTxn v3 is the first flexible version (beyond what the mock serves, named for the header).</summary>
    public const short EndTxnFirstFlexibleVersion = 3;

    /// <summary>
    /// The OffsetCommit version the proxy writes: the newest with a plain layout (no flexible encoding, no leader
    /// epoch, which the mock would check) that still carries generation and member, which the mock validates.
    /// </summary>
    public const short InjectedOffsetCommitVersion = 2;

    /// <summary>OffsetCommit retention_time_ms meaning "the broker's default retention".</summary>
    public const long DefaultRetentionTimeMs = -1;

    /// <summary>Generation of a commit made outside any group generation (pre-KIP-447 TxnOffsetCommit).</summary>
    public const int NoGenerationId = -1;

    /// <summary>Leader epoch of an offset committed without one (TxnOffsetCommit before v2).</summary>
    public const int NoLeaderEpoch = -1;

    /// <summary>client_id of the requests the proxy writes itself; shows up in the mock's debug log.</summary>
    public const string InjectedClientId = "embedded-broker-proxy";

    /// <summary>Kafka's NONE error code.</summary>
    public const short NoError = 0;

    /// <summary>A frame larger than this is not buffered whole (Kafka's own socket.request.max.bytes default).</summary>
    public const int MaxBufferedFrameBytes = 100 * 1024 * 1024;

    /// <summary>CreateTopics, answered by the proxy (the mock has no handler); v0–v4 are the non-flexible versions.</summary>
    public const short CreateTopicsApiKey = 19;

    public const short CreateTopicsMaxVersion = 4;

    /// <summary>DeleteTopics, answered by the proxy; v0–v3 are the non-flexible versions.</summary>
    public const short DeleteTopicsApiKey = 20;

    public const short DeleteTopicsMaxVersion = 3;

    /// <summary>DeleteGroups, refused by the proxy group by group; v0–v1 are the non-flexible versions.</summary>
    public const short DeleteGroupsApiKey = 42;

    public const short DeleteGroupsMaxVersion = 1;

    public const short UnknownTopicOrPartition = 3;

    public const short InvalidPartitions = 37;

    public const short UnsupportedVersion = 35;

    /// <summary>Heartbeat: the proxy sends one to check a TxnOffsetCommit's group member and generation.</summary>
    public const short HeartbeatApiKey = 12;

    /// <summary>The Heartbeat version the proxy writes: group_id, generation_id, member_id; the answer is its error code.</summary>
    public const short InjectedHeartbeatVersion = 0;

    /// <summary>Heartbeat v1 added throttle_time_ms before the error code.</summary>
    public const short HeartbeatThrottleVersion = 1;

    /// <summary>Heartbeat v4 is the first flexible version (its response header carries tagged fields).</summary>
    public const short HeartbeatFirstFlexibleVersion = 4;

    public const short IllegalGeneration = 22;

    public const short UnknownMemberId = 25;

    public const short FencedInstanceId = 82;

    /// <summary>PRODUCER_FENCED: a newer producer initialised the request's transactional id.</summary>
    public const short ProducerFenced = 90;

    /// <summary>The mock's answer to a Heartbeat for a group it does not know (Kafka answers UNKNOWN_MEMBER_ID).</summary>
    public const short GroupIdNotFound = 69;

    /// <summary>The request the proxy forwards in place of one it answers itself, so responses keep their order.</summary>
    public const short PlaceholderApiVersionsVersion = 0;
}
