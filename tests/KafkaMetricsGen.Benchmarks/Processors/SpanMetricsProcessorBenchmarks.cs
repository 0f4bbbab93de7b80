using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Benchmarks.Processors;

/// <summary>
/// Per-span cost of the span-metrics processor on one core: batches of 100 spans across 10 services, (a) the default
/// configuration and (b) 7 dimensions + target_info + 3 filter policies. Results are per span.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class SpanMetricsProcessorBenchmarks
{
    private const int SpansPerBatch = 100;
    private const int Services = 10;

    private SpanBatch _batch = null!;
    private SpanMetricsProcessor _default = null!;
    private SpanMetricsProcessor _rich = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = SpanBatchFactory.From(Traces());
        _default = new SpanMetricsProcessor("bench", new SpanMetricsOptions(), new AccumulatingRegistry());
        _rich = new SpanMetricsProcessor("bench", RichOptions(), new AccumulatingRegistry());

        // Create every series before measuring: the steady state is what matters.
        _default.PushSpans(_batch);
        _rich.PushSpans(_batch);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SpansPerBatch)]
    public void DefaultConfig() => _default.PushSpans(_batch);

    [Benchmark(OperationsPerInvoke = SpansPerBatch)]
    public void SevenDimensionsTargetInfoThreeFilters() => _rich.PushSpans(_batch);

    private static SpanMetricsOptions RichOptions() => new()
    {
        Dimensions = ["http.method", "http.status_code", "http.route", "deployment.environment", "k8s.namespace.name", "host.name", "peer.service"],
        EnableTargetInfo = true,
        FilterPolicies =
        [
            new() { Exclude = Match(MatchTypes.Strict, "kind", "SPAN_KIND_INTERNAL") },
            new() { Include = Match(MatchTypes.Regex, "span.http.method", "GET|POST") },
            new() { Exclude = Match(MatchTypes.Strict, "span.http.route", "/health") },
        ],
    };

    private static PolicyMatchOptions Match(string type, string key, string value) =>
        new() { MatchType = type, Attributes = [new() { Key = key, Value = value }] };

    private static TracesData Traces()
    {
        var traces = new TracesData();
        var random = new Random(42);
        string[] methods = ["GET", "POST"];
        string[] routes = ["/api/users", "/api/orders", "/api/items", "/api/cart"];
        for (var s = 0; s < Services; s++)
        {
            var resource = new Resource();
            resource.Attributes.Add(Kv("service.name", "service-" + s));
            resource.Attributes.Add(Kv("service.instance.id", "instance-" + s));
            resource.Attributes.Add(Kv("deployment.environment", "prod"));
            resource.Attributes.Add(Kv("k8s.namespace.name", "shop"));
            resource.Attributes.Add(Kv("host.name", "node-" + (s % 3)));
            resource.Attributes.Add(Kv("telemetry.sdk.language", "dotnet"));
            var scope = new ScopeSpans();
            for (var i = 0; i < SpansPerBatch / Services; i++)
            {
                var traceId = new byte[16];
                var spanId = new byte[8];
                random.NextBytes(traceId);
                random.NextBytes(spanId);
                var start = 1_700_000_000_000_000_000UL + (ulong)(i * 1_000_000);
                var span = new Span
                {
                    TraceId = ByteString.CopyFrom(traceId),
                    SpanId = ByteString.CopyFrom(spanId),
                    Name = "HTTP " + methods[i % 2] + " " + routes[i % routes.Length],
                    Kind = i % 2 == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
                    StartTimeUnixNano = start,
                    EndTimeUnixNano = start + (ulong)random.Next(1_000_000, 900_000_000),
                    Status = new Status { Code = i % 7 == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
                };
                span.Attributes.Add(Kv("http.method", methods[i % 2]));
                span.Attributes.Add(new KeyValue { Key = "http.status_code", Value = new AnyValue { IntValue = i % 7 == 0 ? 500 : 200 } });
                span.Attributes.Add(Kv("http.route", routes[i % routes.Length]));
                span.Attributes.Add(Kv("peer.service", "service-" + ((s + 1) % Services)));
                scope.Spans.Add(span);
            }

            var rs = new ResourceSpans { Resource = resource };
            rs.ScopeSpans.Add(scope);
            traces.ResourceSpans.Add(rs);
        }

        return traces;
    }

    private static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
