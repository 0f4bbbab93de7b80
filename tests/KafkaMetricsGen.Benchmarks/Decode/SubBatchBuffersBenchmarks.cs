using System.Buffers;
using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Benchmarks.Decode;

/// <summary>
/// The decode stage's frames between two flushes: <see cref="Records"/> input records of 99 spans, each split over
/// <see cref="Partitions"/> trace partitions and appended to that partition's frame, then every frame moved into a record
/// as a flush does. The frames write into pooled fixed-size chunks, so once the pool holds them an operation should
/// allocate nothing; divide by 99 × <see cref="Records"/> for per span.
/// </summary>
[MemoryDiagnoser]
public class SubBatchBuffersBenchmarks
{
    private readonly ArrayBufferWriter<byte> _record = new();
    private SpanBatch _batch = new();
    private int[][] _byPartition = [];
    private SubBatchBuffers _frames = null!;

    [Params(20, 66)]
    public int Partitions { get; set; }

    [Params(64)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(9, 1_700_000_000_000_000_000UL), "tenant-a");
        _byPartition = [.. Enumerable.Range(0, Partitions).Select(p => Enumerable.Range(0, _batch.SpanCount).Where(i => i % Partitions == p).ToArray())];
        _frames = new SubBatchBuffers(Partitions, 1 << 30, pool: new FrameBufferPool());
        FillAndFlush();
    }

    [Benchmark]
    public int FillAndFlush()
    {
        for (var r = 0; r < Records; r++)
        {
            for (var p = 0; p < Partitions; p++)
            {
                if (_byPartition[p].Length > 0)
                {
                    _frames.Append(p, _batch, _byPartition[p]);
                }
            }
        }

        var bytes = 0;
        for (var p = 0; p < Partitions; p++)
        {
            _record.ResetWrittenCount();
            _frames.MoveSubBatchesTo(p, _record);
            bytes += _record.WrittenCount;
        }

        return bytes;
    }
}
