using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Benchmarks.Processors;

/// <summary>
/// Steady-state pairing cost per span, like Tempo's BenchmarkServiceGraphsPushSpansSteadyState: each operation pushes
/// 200 spans — the servers of the 100 edges the previous operation opened and the clients of 100 new ones — so 100
/// edges are always pending, 100 complete and 100 are created per operation. Reported time is per span. The
/// <c>noop</c> registry measures the processor alone; <c>delta</c> adds the generate-stage registry's series lookups,
/// which is what a worker pays per span.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class ServiceGraphsBenchmarks
{
    private const int EdgesPerOp = 100;
    private const int Rounds = 16;

    private SpanBatch[] _batches = [];
    private ServiceGraphsProcessor _processor = null!;
    private int _next;

    [Params("default", "dimensions", "prefix", "database", "database-peer")]
    public string Case { get; set; } = "default";

    [Params("noop", "delta")]
    public string Registry { get; set; } = "noop";

    [GlobalSetup]
    public void Setup()
    {
        var options = new ServiceGraphsOptions();
        if (Case is "dimensions" or "prefix")
        {
            options.Dimensions = ["deployment.environment", "http.method"];
            options.EnableClientServerPrefix = Case == "prefix";
        }

        _processor = new ServiceGraphsProcessor("bench", options, NewRegistry(), ServiceGraphsSubProcessors.Default, null, TimeProvider.System);
        _batches = new SpanBatch[Rounds];
        var database = Case is "database" or "database-peer";
        for (var round = 0; round < Rounds; round++)
        {
            // A database client completes alone: that case pushes 200 database client spans and keeps nothing pending.
            _batches[round] = Build(round, database ? null : (round + Rounds - 1) % Rounds, database, Case == "database-peer");
        }

        // Open the first round's edges so every measured push completes 100 and opens 100.
        if (!database)
        {
            _processor.PushSpans(Build(0, null, false, false));
        }
        _next = 1;
    }

    [GlobalCleanup]
    public void Cleanup() => _processor.Dispose();

    [Benchmark(OperationsPerInvoke = 2 * EdgesPerOp)]
    public void PushSpans()
    {
        _processor.PushSpans(_batches[_next]);
        _next = (_next + 1) % Rounds;
    }

    /// <summary>
    /// The delta registry's watermark never moves past the fixed span times and its deltas are never taken, so after
    /// the first operation every observation finds its series.
    /// </summary>
    private IMetricsRegistry NewRegistry() =>
        Registry == "delta" ? new DeltaRegistry("bench", new RegistryOptions()) : new ServiceGraphsNoopRegistry();

    /// <summary>The clients of round <paramref name="clientsOf"/> and the servers of round <paramref name="serversOf"/>.</summary>
    private static SpanBatch Build(int clientsOf, int? serversOf, bool database, bool peerAddress)
    {
        var clients = Resource("frontend", "prod");
        var servers = Resource("backend", "prod");
        for (var i = 0; i < EdgesPerOp; i++)
        {
            clients.ScopeSpans[0].Spans.Add(NewSpan(clientsOf, i, Span.Types.SpanKind.Client, database, peerAddress));
            if (serversOf is { } s)
            {
                servers.ScopeSpans[0].Spans.Add(NewSpan(s, i, Span.Types.SpanKind.Server, database, peerAddress));
            }
            else if (database)
            {
                // Database calls from the second service, so an operation is 200 spans in every case.
                servers.ScopeSpans[0].Spans.Add(NewSpan(clientsOf + Rounds, i, Span.Types.SpanKind.Client, database, peerAddress));
            }
        }

        var traces = new TracesData();
        traces.ResourceSpans.Add(servers);
        traces.ResourceSpans.Add(clients);
        return SpanBatchFactory.From(traces, "bench");
    }

    private static ResourceSpans Resource(string service, string environment)
    {
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
        resource.Attributes.Add(new KeyValue { Key = "deployment.environment", Value = new AnyValue { StringValue = environment } });
        var rs = new ResourceSpans { Resource = resource };
        rs.ScopeSpans.Add(new ScopeSpans());
        return rs;
    }

    private static Span NewSpan(int round, int index, Span.Types.SpanKind kind, bool database, bool peerAddress)
    {
        var trace = new byte[16];
        BitConverter.TryWriteBytes(trace.AsSpan(0, 4), round);
        BitConverter.TryWriteBytes(trace.AsSpan(4, 4), index);
        trace[15] = 1;
        var clientId = new byte[8];
        BitConverter.TryWriteBytes(clientId, (round * 1000L) + index + 1);
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(trace),
            Name = "GET /api",
            Kind = kind,
            StartTimeUnixNano = 1_700_000_000_000_000_000UL,
            EndTimeUnixNano = 1_700_000_000_050_000_000UL,
        };
        if (kind == Span.Types.SpanKind.Client)
        {
            span.SpanId = ByteString.CopyFrom(clientId);
            if (database)
            {
                span.Attributes.Add(new KeyValue { Key = "db.system", Value = new AnyValue { StringValue = "postgresql" } });
                if (peerAddress)
                {
                    // The server node becomes "host:port", joined from two attributes.
                    span.Attributes.Add(new KeyValue { Key = "network.peer.address", Value = new AnyValue { StringValue = "10.0.0.7" } });
                    span.Attributes.Add(new KeyValue { Key = "network.peer.port", Value = new AnyValue { IntValue = 5432 } });
                }
            }
        }
        else
        {
            var serverId = (byte[])clientId.Clone();
            serverId[7] ^= 0x80;
            span.SpanId = ByteString.CopyFrom(serverId);
            span.ParentSpanId = ByteString.CopyFrom(clientId);
        }

        span.Attributes.Add(new KeyValue { Key = "http.method", Value = new AnyValue { StringValue = "GET" } });
        return span;
    }
}
