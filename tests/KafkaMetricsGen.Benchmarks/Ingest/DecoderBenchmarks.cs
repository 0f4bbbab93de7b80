using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Benchmarks.Ingest;

/// <summary>
/// One 100-span OTLP request (10 services, realistic attributes): a full Google.Protobuf parse against the byte
/// walker into a reused batch. Divide by <see cref="SpansPerRequest"/> for the per-span figures. With
/// <see cref="EventsAndLinks"/> every error span (1 in 7) also has an exception event with two attributes and every
/// fifth span a link with one attribute, as instrumented services send them.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class DecoderBenchmarks
{
    public const int SpansPerRequest = 100;

    private readonly OtlpProtoDecoder _decoder = new();
    private readonly SpanBatch _batch = new();
    private byte[] _request = [];

    [Params(false, true)]
    public bool EventsAndLinks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _request = BuildRequest(EventsAndLinks).ToByteArray();
        _decoder.Decode(default, _request, _batch);
    }

    [Benchmark(Baseline = true)]
    public int GoogleProtobufParse() => TracesData.Parser.ParseFrom(_request).ResourceSpans.Count;

    [Benchmark]
    public int OtlpProtoDecoder()
    {
        _decoder.Decode(default, _request, _batch);
        return _batch.SpanCount;
    }

    private static TracesData BuildRequest(bool eventsAndLinks)
    {
        var random = new Random(42);
        var traces = new TracesData();
        for (var service = 0; service < 10; service++)
        {
            var resource = new Resource();
            resource.Attributes.Add(Text("service.name", $"service-{service}"));
            resource.Attributes.Add(Text("service.namespace", "shop"));
            resource.Attributes.Add(Text("deployment.environment", "production"));
            resource.Attributes.Add(Text("host.name", $"node-{service % 3}.cluster.local"));
            resource.Attributes.Add(Text("k8s.pod.name", $"service-{service}-7d9f8c6b5-x2x9z"));
            resource.Attributes.Add(Text("telemetry.sdk.language", "dotnet"));
            resource.Attributes.Add(Text("telemetry.sdk.version", "1.9.0"));
            var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "OpenTelemetry.Instrumentation.AspNetCore", Version = "1.9.0" } };
            for (var i = 0; i < SpansPerRequest / 10; i++)
            {
                scope.Spans.Add(NewSpan(random, i, eventsAndLinks));
            }

            traces.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        }

        return traces;
    }

    private static Span NewSpan(Random random, int i, bool eventsAndLinks)
    {
        var ids = new byte[24];
        random.NextBytes(ids);
        var start = 1_700_000_000_000_000_000UL + (ulong)random.Next(1_000_000_000);
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(ids, 0, 16),
            SpanId = ByteString.CopyFrom(ids, 16, 8),
            ParentSpanId = i == 0 ? ByteString.Empty : ByteString.CopyFrom(ids, 8, 8),
            Name = i % 2 == 0 ? "GET /api/orders/{id}" : "SELECT orders",
            Kind = i % 2 == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + (ulong)random.Next(100_000, 50_000_000),
            Status = new Status { Code = i % 7 == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
        };
        span.Attributes.Add(Text("http.request.method", "GET"));
        span.Attributes.Add(Text("url.path", $"/api/orders/{random.Next(1000)}"));
        span.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } });
        span.Attributes.Add(Text("server.address", "orders.shop.svc"));
        span.Attributes.Add(new KeyValue { Key = "server.port", Value = new AnyValue { IntValue = 8080 } });
        span.Attributes.Add(Text("db.system", "postgresql"));
        span.Attributes.Add(new KeyValue { Key = "sampled", Value = new AnyValue { BoolValue = true } });
        if (eventsAndLinks && i % 7 == 0)
        {
            span.Events.Add(new Span.Types.Event
            {
                Name = "exception",
                TimeUnixNano = span.EndTimeUnixNano - 1000,
                Attributes = { Text("exception.type", "System.TimeoutException"), Text("exception.message", "The operation has timed out.") },
            });
        }

        if (eventsAndLinks && i % 5 == 0)
        {
            span.Links.Add(new Span.Types.Link { TraceId = ByteString.CopyFrom(ids, 0, 16), SpanId = ByteString.CopyFrom(ids, 8, 8), Attributes = { Text("messaging.operation", "receive") } });
        }

        return span;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
