using System.Buffers;
using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Benchmarks.Decode;

/// <summary>
/// The decode stage's frames between two flushes: <see cref="Records"/> input records of 9 synthetic traces (99 spans),
/// the spans service graphs read (90 of them) split by trace over <see cref="Partitions"/> trace partitions as the
/// decode stage routes them, each partition's spans appended to its frame with what service graphs read, then every
/// frame moved into a record as a flush does. With one partition a record is one sub-batch; with 66 (the throughput
/// bench's) it is about nine, so the difference is what a sub-batch costs beyond its spans. The frames write into pooled
/// fixed-size chunks, so once the pool holds them an operation should allocate nothing; divide by 90 ×
/// <see cref="Records"/> for per span.
/// </summary>
[MemoryDiagnoser]
public class SubBatchBuffersBenchmarks
{
    private readonly ArrayBufferWriter<byte> _record = new();
    private readonly SpanProjection _serviceGraphs = ServiceGraphsProcessor.Reads(new ServiceGraphsOptions());
    private SpanBatch _batch = new();
    private int[][] _byPartition = [];
    private SubBatchBuffers _frames = null!;

    [Params(1, 66)]
    public int Partitions { get; set; }

    [Params(64)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(9, 1_700_000_000_000_000_000UL), "tenant-a");
        var seed = TracePartitioner.TenantSeed(_batch.Tenant);
        var selected = Enumerable.Range(0, _batch.SpanCount).Where(i => ServiceGraphsProcessor.Reads(_batch.Span(i).Kind)).ToArray();
        _byPartition = [.. Enumerable.Range(0, Partitions).Select(p => selected.Where(i => TracePartitioner.PartitionOf(seed, _batch.Span(i).TraceId, Partitions) == p).ToArray())];
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
                    _frames.Append(p, _batch, _byPartition[p], _serviceGraphs);
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
