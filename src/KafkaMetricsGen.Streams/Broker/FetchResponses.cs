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

    /// <summary>The rewritten response as a frame of its own.</summary>
    public static byte[] FilterCommitted(ReadOnlySpan<byte> frame, short version, TransactionVisibility visibility) =>
        FilterCommitted(frame, version, visibility, new KafkaWireWriter()).ToArray();

    /// <summary>
    /// Writes the rewritten response, size prefix included, into <paramref name="output"/> (emptied first) and returns
    /// it; valid until <paramref name="output"/> is used again. Each field is written once, in place: the last stable
    /// offset and the record set's length are filled in after the records.
    /// </summary>
    public static ReadOnlyMemory<byte> FilterCommitted(ReadOnlySpan<byte> frame, short version, TransactionVisibility visibility, KafkaWireWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var reader = new KafkaWireReader(frame[KafkaProtocol.SizeFieldBytes..], "Fetch response");
        output.Reset();
        var sizeAt = output.Reserve(sizeof(int));
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
                var lastStableAt = output.Reserve(sizeof(long));
                if (version >= KafkaProtocol.FetchLogStartOffsetVersion)
                {
                    output.WriteInt64(reader.ReadInt64("log_start_offset"));
                }

                var aborted = reader.ReadArrayLength("aborted_transactions", flexible: false);
                output.WriteInt32(aborted);
                if (aborted > 0)
                {
                    output.WriteRaw(reader.ReadRaw(aborted * 16, "aborted_transactions"));
                }

                if (version >= KafkaProtocol.FetchPreferredReplicaVersion)
                {
                    output.WriteInt32(reader.ReadInt32("preferred_read_replica"));
                }

                var length = reader.ReadInt32("records length");
                var stop = -1L;
                if (length < 0)
                {
                    output.WriteInt32(length);
                }
                else
                {
                    var records = length > 0 ? reader.ReadRaw(length, "records") : [];
                    var lengthAt = output.Reserve(sizeof(int));
                    var start = output.Length;
                    if (length > 0)
                    {
                        stop = RecordBatches.FilterCommitted(records, topic, partition, visibility, output, out _);
                    }

                    output.PatchInt32(lengthAt, output.Length - start);
                }

                output.PatchInt64(lastStableAt, stop >= 0 && (lastStable < 0 || stop < lastStable) ? stop : lastStable);
            }
        }

        if (reader.Remaining != 0)
        {
            throw new InvalidDataException($"Fetch response v{version}: {reader.Remaining} bytes after the last field.");
        }

        output.PatchInt32(sizeAt, output.Length - KafkaProtocol.SizeFieldBytes);
        return output.WrittenMemory;
    }
}
