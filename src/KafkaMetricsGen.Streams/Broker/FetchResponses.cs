namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Rewrites a Fetch response (v4–v11) for a read_committed reader, as a real broker would answer it: each partition's
/// records without aborted transactions' records and ending before the first open transaction, whose first offset
/// becomes the last stable offset. Everything else is copied as it is. A response the rewrite would not change (no
/// batch of an aborted or open transaction: every response to a reader of topics no transactional producer writes)
/// goes to the client as the broker wrote it (<see cref="DeliversUnchanged"/>), without a copy.
/// </summary>
internal static class FetchResponses
{
    /// <summary>
    /// True when <see cref="FilterCommitted"/> would give back <paramref name="frame"/> byte for byte: every batch of
    /// every partition is delivered and the record sets end on a batch boundary or a partial batch. Reads the
    /// response without copying it; a malformed one is left to <see cref="FilterCommitted"/> (false).
    /// </summary>
    public static bool DeliversUnchanged(ReadOnlySpan<byte> frame, short version, TransactionVisibility visibility)
    {
        try
        {
            var reader = new KafkaWireReader(frame[KafkaProtocol.SizeFieldBytes..], "Fetch response");
            _ = reader.ReadInt32("correlation_id");
            _ = reader.ReadInt32("throttle_time_ms");
            if (version >= KafkaProtocol.FetchSessionVersion)
            {
                _ = reader.ReadInt16("error_code");
                _ = reader.ReadInt32("session_id");
            }

            var topics = reader.ReadArrayLength("responses", flexible: false);
            for (var t = 0; t < topics; t++)
            {
                var nameLength = reader.ReadInt16("topic");
                if (nameLength < 0)
                {
                    return false;
                }

                var name = reader.ReadRaw(nameLength, "topic");
                string? topic = null;
                var partitions = reader.ReadArrayLength("partitions", flexible: false);
                for (var p = 0; p < partitions; p++)
                {
                    var partition = reader.ReadInt32("partition_index");
                    _ = reader.ReadInt16("error_code");
                    _ = reader.ReadInt64("high_watermark");
                    _ = reader.ReadInt64("last_stable_offset");
                    if (version >= KafkaProtocol.FetchLogStartOffsetVersion)
                    {
                        _ = reader.ReadInt64("log_start_offset");
                    }

                    var aborted = reader.ReadArrayLength("aborted_transactions", flexible: false);
                    if (aborted > 0)
                    {
                        _ = reader.ReadRaw(aborted * 16, "aborted_transactions");
                    }

                    if (version >= KafkaProtocol.FetchPreferredReplicaVersion)
                    {
                        _ = reader.ReadInt32("preferred_read_replica");
                    }

                    var length = reader.ReadInt32("records length");
                    if (length > 0 && !RecordBatches.AllDelivered(reader.ReadRaw(length, "records"), name, ref topic, partition, visibility))
                    {
                        return false;
                    }
                }
            }

            return reader.Remaining == 0;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    public static byte[] FilterCommitted(ReadOnlySpan<byte> frame, short version, TransactionVisibility visibility)
    {
        var reader = new KafkaWireReader(frame[KafkaProtocol.SizeFieldBytes..], "Fetch response");
        var output = new KafkaWireWriter();
        output.WriteInt32(reader.ReadInt32("correlation_id"));
        output.WriteInt32(reader.ReadInt32("throttle_time_ms"));
        if (version >= KafkaProtocol.FetchSessionVersion)
        {
            output.WriteInt16(reader.ReadInt16("error_code"));
            output.WriteInt32(reader.ReadInt32("session_id"));
        }

        var topics = reader.ReadArrayLength("responses", flexible: false);
        output.WriteInt32(topics);
        for (var t = 0; t < topics; t++)
        {
            var topic = reader.ReadString("topic", flexible: false);
            output.WriteString(topic);
            var partitions = reader.ReadArrayLength("partitions", flexible: false);
            output.WriteInt32(partitions);
            for (var p = 0; p < partitions; p++)
            {
                var partition = reader.ReadInt32("partition_index");
                output.WriteInt32(partition);
                output.WriteInt16(reader.ReadInt16("error_code"));
                output.WriteInt64(reader.ReadInt64("high_watermark"));
                var lastStable = reader.ReadInt64("last_stable_offset");
                var logStart = version >= KafkaProtocol.FetchLogStartOffsetVersion ? reader.ReadInt64("log_start_offset") : 0;
                var aborted = reader.ReadArrayLength("aborted_transactions", flexible: false);
                var abortedBytes = aborted > 0 ? reader.ReadRaw(aborted * 16, "aborted_transactions").ToArray() : [];
                var preferredReplica = version >= KafkaProtocol.FetchPreferredReplicaVersion ? reader.ReadInt32("preferred_read_replica") : 0;
                var length = reader.ReadInt32("records length");
                var records = length > 0 ? reader.ReadRaw(length, "records") : [];

                var filtered = new KafkaWireWriter();
                var stop = length > 0 ? RecordBatches.FilterCommitted(records, topic, partition, visibility, filtered, out _) : -1;
                output.WriteInt64(stop >= 0 && (lastStable < 0 || stop < lastStable) ? stop : lastStable);
                if (version >= KafkaProtocol.FetchLogStartOffsetVersion)
                {
                    output.WriteInt64(logStart);
                }

                output.WriteInt32(aborted);
                output.WriteRaw(abortedBytes);
                if (version >= KafkaProtocol.FetchPreferredReplicaVersion)
                {
                    output.WriteInt32(preferredReplica);
                }

                if (length < 0)
                {
                    output.WriteInt32(length);
                }
                else
                {
                    var bytes = filtered.Written;
                    output.WriteInt32(bytes.Length);
                    output.WriteRaw(bytes);
                }
            }
        }

        if (reader.Remaining != 0)
        {
            throw new InvalidDataException($"Fetch response v{version}: {reader.Remaining} bytes after the last field.");
        }

        return output.ToFrame();
    }
}
