using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Benchmarks.Processors;

/// <summary>
/// Per-span cost of the host-info processor: batches of 100 spans on 10 resources with six attributes each, the host
/// named by <c>host.id</c> (the second identifier, so the lookup scans the attributes twice). Results are per span.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class HostInfoProcessorBenchmarks
{
    private const int SpansPerBatch = 100;
    private const int Resources = 10;

    private SpanBatch _batch = null!;
    private HostInfoProcessor _processor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = SpanBatchFactory.From(Traces());
        _processor = new HostInfoProcessor("bench", new HostInfoOptions(), new AccumulatingRegistry());
        _processor.PushSpans(_batch);
    }

    [Benchmark(OperationsPerInvoke = SpansPerBatch)]
    public void DefaultIdentifiers() => _processor.PushSpans(_batch);

    private static TracesData Traces()
    {
        var traces = new TracesData();
        for (var r = 0; r < Resources; r++)
        {
            var resource = new Resource();
            resource.Attributes.Add(Kv("service.name", "service-" + r));
            resource.Attributes.Add(Kv("service.instance.id", "instance-" + r));
            resource.Attributes.Add(Kv("deployment.environment", "prod"));
            resource.Attributes.Add(Kv("k8s.namespace.name", "shop"));
            resource.Attributes.Add(Kv("telemetry.sdk.language", "dotnet"));
            resource.Attributes.Add(Kv("host.id", "host-" + (r % 3)));
            var scope = new ScopeSpans();
            for (var i = 0; i < SpansPerBatch / Resources; i++)
            {
                scope.Spans.Add(new Span
                {
                    TraceId = Google.Protobuf.ByteString.CopyFrom(new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte)i }),
                    SpanId = Google.Protobuf.ByteString.CopyFrom(new byte[8] { 1, 2, 3, 4, 5, 6, 7, (byte)i }),
                    Name = "op",
                    StartTimeUnixNano = 1_700_000_000_000_000_000UL,
                    EndTimeUnixNano = 1_700_000_000_100_000_000UL,
                });
            }

            traces.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        }

        return traces;
    }

    private static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
