using System.Buffers.Binary;
using System.Net.Sockets;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Guarantees;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// The worker's producer default (<see cref="StreamClientDefaults.Compression"/>) as the broker stores it: a worker runs
/// over a burst of traces and the record batches of its spans-by-trace topic are read back raw with a Fetch request.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class ProducerCompressionTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;

    // The codec bits of a record batch's attributes for LZ4.
    private const short Lz4 = 3;
    private const short FetchVersion = 4;

    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-state-").FullName;

    [Fact]
    public async Task The_spans_by_trace_frames_reach_the_broker_compressed_with_lz4()
    {
        var topic = kafka.CreateUniqueTopic("compressed", Partitions);
        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, WorkerHarness.FastConfig(), sink);
        var options = WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir);
        const int traces = 20;
        const int expected = traces * SyntheticTraceDefaults.SpansPerTrace;
        WorkerHarness.ProduceTraces(kafka, topic, traces);
        await using (await WorkerHarness.StartAsync(kafka, options, topology))
        {
            Assert.True(
                await WorkerHarness.WaitUntilAsync(() => SinkTotals.Edge(sink, "checkout", "payments") >= traces, TimeSpan.FromSeconds(60)),
                $"calls={SinkTotals.Total(sink, SinkTotals.Calls)} expected={expected}");
        }

        var frames = StreamsNames.RepartitionTopic(options.ApplicationId, StreamsNames.SpansByTrace);
        var codecs = new List<int>();
        for (var partition = 0; partition < Partitions; partition++)
        {
            codecs.AddRange(await DataBatchCodecsAsync(frames, partition));
        }

        Assert.NotEmpty(codecs);
        Assert.All(codecs, codec => Assert.Equal(Lz4, codec));
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    /// <summary>The compression codec of every data batch of a partition, fetched raw from its leader.</summary>
    private async Task<List<int>> DataBatchCodecsAsync(string topic, int partition)
    {
        using var admin = new AdminClientBuilder(kafka.AdminConfig()).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var leader = metadata.Topics[0].Partitions.Single(p => p.PartitionId == partition).Leader;
        var broker = metadata.Brokers.Single(b => b.BrokerId == leader);

        var request = new KafkaFrameBuilder()
            .RequestHeader(KafkaProtocol.FetchApiKey, FetchVersion, correlationId: 1, "compression-test", flexible: false)
            .Int32(-1)
            .Int32(100)
            .Int32(1)
            .Int32(52_428_800)
            .Int8(0)
            .Int32(1)
            .String(topic, flexible: false)
            .Int32(1)
            .Int32(partition)
            .Int64(0)
            .Int32(52_428_800)
            .ToFrame();

        using var client = new TcpClient();
        await client.ConnectAsync(broker.Host, broker.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        var size = new byte[4];
        await stream.ReadExactlyAsync(size);
        var response = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(response);
        return BatchCodecs(response);
    }

    private static List<int> BatchCodecs(byte[] response)
    {
        // One topic with one partition, as asked; the records follow the aborted transactions.
        var reader = new KafkaWireReader(response, "Fetch response");
        _ = reader.ReadInt32("correlation_id");
        _ = reader.ReadInt32("throttle_time_ms");
        Assert.Equal(1, reader.ReadArrayLength("responses", flexible: false));
        _ = reader.ReadString("topic", flexible: false);
        Assert.Equal(1, reader.ReadArrayLength("partitions", flexible: false));
        _ = reader.ReadInt32("partition_index");
        Assert.Equal(0, reader.ReadInt16("error_code"));
        _ = reader.ReadInt64("high_watermark");
        _ = reader.ReadInt64("last_stable_offset");
        var aborted = reader.ReadArrayLength("aborted_transactions", flexible: false);
        _ = reader.ReadRaw(Math.Max(aborted, 0) * 16, "aborted_transactions");
        var records = reader.ReadRaw(Math.Max(reader.ReadInt32("records length"), 0), "records");

        var codecs = new List<int>();
        while (records.Length >= RecordBatches.AttributesOffset + 2)
        {
            var batchBytes = RecordBatches.LogOverheadBytes + BinaryPrimitives.ReadInt32BigEndian(records[RecordBatches.BatchLengthOffset..]);
            if (batchBytes > records.Length)
            {
                break;
            }

            var attributes = BinaryPrimitives.ReadInt16BigEndian(records[RecordBatches.AttributesOffset..]);
            if ((attributes & RecordBatches.ControlFlag) == 0)
            {
                codecs.Add(attributes & RecordBatches.CompressionMask);
            }

            records = records[batchBytes..];
        }

        return codecs;
    }
}
