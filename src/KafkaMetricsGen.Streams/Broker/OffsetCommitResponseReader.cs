using System.Buffers.Binary;
using System.Globalization;
using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>Reads the response to an injected OffsetCommit (v2: response header v0, no throttle time).</summary>
internal static class OffsetCommitResponseReader
{
    private const string Message = "OffsetCommit response";

    /// <summary>Reads a whole frame, size prefix included.</summary>
    public static OffsetCommitResult Read(ReadOnlySpan<byte> frame)
    {
        var size = frame.Length >= KafkaProtocol.SizeFieldBytes ? BinaryPrimitives.ReadInt32BigEndian(frame) : -1;
        if (size != frame.Length - KafkaProtocol.SizeFieldBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Message}: frame of {frame.Length} bytes does not match its size field {size}."));
        }

        const bool flexible = false;
        var reader = new KafkaWireReader(frame[KafkaProtocol.SizeFieldBytes..], Message);
        _ = reader.ReadInt32("correlation_id");
        var committed = 0;
        var failed = 0;
        string? firstFailure = null;
        var topics = reader.ReadArrayLength("topics", flexible);
        for (var t = 0; t < topics; t++)
        {
            var topic = reader.ReadString("topics.name", flexible);
            var partitions = reader.ReadArrayLength("topics.partitions", flexible);
            for (var p = 0; p < partitions; p++)
            {
                var partition = reader.ReadInt32("partition_index");
                var error = reader.ReadInt16("error_code");
                if (error == KafkaProtocol.NoError)
                {
                    committed++;
                    continue;
                }

                failed++;
                firstFailure ??= string.Create(CultureInfo.InvariantCulture, $"{topic} [{partition}]: {(ErrorCode)error} ({error})");
            }
        }

        return new OffsetCommitResult(committed, failed, firstFailure);
    }
}
