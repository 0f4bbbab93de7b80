using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Benchmarks.Decode;

/// <summary>
/// The decode stage's routing of one record, 9 synthetic traces (99 spans, 90 of them read by service graphs), over
/// <see cref="Partitions"/> trace partitions, then a walk over every partition's spans as the frames are written:
/// <see cref="SpansByPartition"/> (flat arrays, only the touched partitions walked, a trace's repeat skipping the hash)
/// against one list per partition, cleared and scanned in full for every record, as the stage did before. Divide by 99
/// for per span.
/// </summary>
[MemoryDiagnoser]
public class SpansByPartitionBenchmarks
{
    private SpanBatch _batch = new();
    private TenantProcessors _selector = null!;
    private uint _seed;
    private SpansByPartition _byTrace = null!;
    private List<int>[] _lists = [];

    [Params(16, 66)]
    public int Partitions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(9, 1_700_000_000_000_000_000UL), "tenant-a");
        var time = TimeProvider.System;
        _selector = new TenantProcessors(
            "tenant-a",
            new TenantProcessorsOptions { SpanMetrics = new SpanMetricsOptions(), ServiceGraphs = new ServiceGraphsOptions() },
            new DeltaRegistry("tenant-a", new RegistryOptions(), time),
            time,
            placement: ProcessorPlacement.WhereRecordArrives);
        _seed = TracePartitioner.TenantSeed(_batch.Tenant);
        _byTrace = new SpansByPartition(Partitions);
        _lists = [.. Enumerable.Range(0, Partitions).Select(_ => new List<int>())];
    }

    [GlobalCleanup]
    public void Cleanup() => _selector.Dispose();

    [Benchmark(Baseline = true)]
    public int ListPerPartition()
    {
        foreach (var list in _lists)
        {
            list.Clear();
        }

        for (var i = 0; i < _batch.SpanCount; i++)
        {
            ref readonly var span = ref _batch.Span(i);
            if (_selector.SelectsForTrace(_batch, span))
            {
                _lists[TracePartitioner.PartitionOf(_seed, span.TraceId, _lists.Length)].Add(i);
            }
        }

        var sum = 0;
        for (var p = 0; p < _lists.Length; p++)
        {
            if (_lists[p].Count > 0)
            {
                foreach (var i in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_lists[p]))
                {
                    sum += i;
                }
            }
        }

        return sum;
    }

    [Benchmark]
    public int Grouped()
    {
        _byTrace.Group(_batch, _seed, _selector);
        var sum = 0;
        foreach (var p in _byTrace.Partitions)
        {
            foreach (var i in _byTrace.Spans(p))
            {
                sum += i;
            }
        }

        return sum;
    }
}
