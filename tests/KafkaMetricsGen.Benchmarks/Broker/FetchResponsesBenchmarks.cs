using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Streams.Broker;

namespace KafkaMetricsGen.Benchmarks.Broker;

/// <summary>
/// The embedded broker's proxy answering a read_committed Fetch response (the isolation level librdkafka uses unless
/// told otherwise) of <see cref="Partitions"/> partitions with 64 batches of 16 KiB each, none transactional, as at
/// least once input and internal topics are: rewritten into a new writer and copied into a frame (what every response
/// cost before), rewritten into the connection's reused writer (what a response with a transaction to hide or stop at
/// costs now), and the check that lets it pass as the broker wrote it.
/// </summary>
[MemoryDiagnoser]
public class FetchResponsesBenchmarks
{
    private const short Version = 11;
    private const int BatchesPerPartition = 64;
    private const int BatchBytes = 16 * 1024;

    private readonly TransactionVisibility _visibility = new();
    private readonly KafkaWireWriter _writer = new();
    private byte[] _frame = [];

    [Params(1, 8)]
    public int Partitions { get; set; }

    [GlobalSetup]
    public void Setup() => _frame = Response(Partitions);

    [Benchmark(Baseline = true)]
    public int Rewrite() => FetchResponses.FilterCommitted(_frame, Version, _visibility).Length;

    [Benchmark]
    public int RewriteIntoReusedWriter() => FetchResponses.FilterCommitted(_frame, Version, _visibility, _writer).Length;

    [Benchmark]
    public bool PassUnchanged() => FetchResponses.DeliversUnchanged(_frame, Version, _visibility);

    private static byte[] Response(int partitions)
    {
        var topic = Encoding.UTF8.GetBytes("spans-by-trace");
        var records = BatchesPerPartition * BatchBytes;
        var body = new List<byte>();
        void Int16(short v) { var b = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(b, v); body.AddRange(b); }
        void Int32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); body.AddRange(b); }
        void Int64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64BigEndian(b, v); body.AddRange(b); }

        Int32(1); // correlation id
        Int32(0); // throttle
        Int16(0); // error
        Int32(0); // session
        Int32(1); // topics
        Int16((short)topic.Length);
        body.AddRange(topic);
        Int32(partitions);
        for (var p = 0; p < partitions; p++)
        {
            Int32(p);
            Int16(0);
            Int64(BatchesPerPartition * 10);
            Int64(BatchesPerPartition * 10);
            Int64(0);
            Int32(0); // aborted transactions
            Int32(-1); // preferred replica
            Int32(records);
            for (var b = 0; b < BatchesPerPartition; b++)
            {
                var batch = new byte[BatchBytes];
                BinaryPrimitives.WriteInt64BigEndian(batch, b * 10L);
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), BatchBytes - RecordBatches.LogOverheadBytes);
                batch[16] = 2;
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), 10);
                body.AddRange(batch);
            }
        }

        var frame = new byte[4 + body.Count];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Count);
        body.CopyTo(frame, 4);
        return frame;
    }
}
