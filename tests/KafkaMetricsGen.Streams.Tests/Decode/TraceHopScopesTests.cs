using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Core.TraceQL.Syntax;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// Span events, links and instrumentation scopes cross the spans-by-trace hop of an unpartitioned input: TraceQL on
/// <c>event:</c>, <c>link:</c> and <c>instrumentation:</c> over the worker's local blocks answers as it does over the
/// same records decoded and pushed straight into local blocks, as <c>process</c> does.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class TraceHopScopesTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private const int Traces = 6;
    private const string Tenant = "scopes";
    private const ulong Second = 1_000_000_000UL;
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-hop-scopes-").FullName;

    [Theory]
    [InlineData("{ event:name = \"exception\" } | count_over_time() by (resource.service.name)")]
    [InlineData("{ event:name != nil } | count_over_time() by (event:name)")]
    [InlineData("{ event.attempt > 1 } | count_over_time()")]
    [InlineData("{ link:traceID = \"000000000000000000000000000000ff\" } | count_over_time() by (resource.service.name)")]
    [InlineData("{ link.relation = \"follows\" } | count_over_time()")]
    [InlineData("{ instrumentation:name != nil } | count_over_time() by (instrumentation:name)")]
    [InlineData("{ instrumentation:version = \"1.2\" && instrumentation.lib.lang = \"java\" } | count_over_time()")]
    public async Task Event_link_and_instrumentation_queries_answer_as_process_does(string query)
    {
        var topic = kafka.CreateUniqueTopic("hop-scopes", Partitions);
        var end = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
        var records = Enumerable.Range(1, Traces).Select(n => Request((byte)n, end)).ToList();
        Produce(topic, records);
        using var expected = new LocalBlocksTenants(new LocalBlocksOptions { Path = Path.Combine(_dir, "expected"), FilterServerSpans = false }, TimeProvider.System);
        foreach (var record in records)
        {
            var batch = new SpanBatch();
            Assert.True(new OtlpProtoDecoder().Decode(default, record, batch).Success);
            batch.Tenant = Tenant;
            expected.GetOrCreate(Tenant).PushSpans(batch);
        }

        using var worker = new LocalBlocksTenants(new LocalBlocksOptions { Path = Path.Combine(_dir, "worker"), FilterServerSpans = false }, TimeProvider.System);
        var baseConfig = WorkerHarness.FastConfig();
        var config = new TenantPipelineConfig { Registry = baseConfig.Registry, SpanMetrics = baseConfig.SpanMetrics, LocalBlocks = true };
        var configs = new StaticTenantConfigSource(config);
        var plain = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, config, new LatestValuesSink());
        var topology = new Pipeline.WorkerTopologySettings
        {
            Inputs = plain.Inputs,
            TracePartitions = Partitions,
            SeriesPartitions = Partitions,
            DefaultTenant = Tenant,
            Generate = new GenerateStageSettings { Configs = configs, SeriesPartitions = Partitions, LocalBlocks = worker },
            Aggregate = plain.Aggregate,
        };
        var all = "{ } | count_over_time()";
        var range = (end - (60 * Second), end + (60 * Second));
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), Path.Combine(_dir, "streams")), topology))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Total(worker, all, range) >= Total(expected, all, range), TimeSpan.FromSeconds(90)));
        }

        var want = Run(expected, query, range);
        Assert.NotEmpty(want);
        Assert.Equal(want, Run(worker, query, range));
    }

    private static double Total(LocalBlocksTenants tenants, string query, (ulong From, ulong To) range) =>
        tenants.Find(Tenant) is null ? 0 : Run(tenants, query, range).Values.Sum(v => v.Split(',').Sum(x => x == "NaN" ? 0 : double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Each series with its values, NaN for an empty step.</summary>
    private static Dictionary<string, string> Run(LocalBlocksTenants tenants, string query, (ulong From, ulong To) range)
    {
        var q = TraceQLQueryCheck.Parse(query);
        var first = MetricsEvaluator.Evaluate(q, new QueryRange(range.From, range.To, 10 * Second).Align(), tenants.Find(Tenant)!);
        return SeriesCombiner.Finalize(first, q.Metrics!).ToDictionary(
            s => s.Key,
            s => string.Join(',', s.Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>A trace of a server span with two events and a link in a Java HTTP scope, and a client span in a gRPC scope.</summary>
    private static byte[] Request(byte n, ulong end)
    {
        var server = NewSpan(n, 1, "checkout", Span.Types.SpanKind.Server, end);
        server.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = end - Second, Attributes = { Text("exception.message", "boom") } });
        server.Events.Add(new Span.Types.Event { Name = "retry", TimeUnixNano = end - (Second / 2), Attributes = { new KeyValue { Key = "attempt", Value = new AnyValue { IntValue = n } } } });
        server.Links.Add(new Span.Types.Link { TraceId = ByteString.CopyFrom([.. new byte[15], 0xff]), SpanId = ByteString.CopyFrom([.. new byte[7], 7]), Attributes = { Text("relation", "follows") } });
        var client = NewSpan(n, 2, "call", Span.Types.SpanKind.Client, end);
        client.ParentSpanId = server.SpanId;
        client.Events.Add(new Span.Types.Event { Name = "log", TimeUnixNano = end - Second });
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    Resource = new Resource { Attributes = { Text("service.name", n % 2 == 0 ? "front" : "back") } },
                    ScopeSpans =
                    {
                        new ScopeSpans { Scope = new InstrumentationScope { Name = "io.opentelemetry.http", Version = "1.2", Attributes = { Text("lib.lang", "java") } }, Spans = { server } },
                        new ScopeSpans { Scope = new InstrumentationScope { Name = "grpc" }, Spans = { client } },
                    },
                },
            },
        };
        return request.ToByteArray();
    }

    private static Span NewSpan(byte trace, byte id, string name, Span.Types.SpanKind kind, ulong end) => new()
    {
        TraceId = ByteString.CopyFrom([.. new byte[15], trace]),
        SpanId = ByteString.CopyFrom([.. new byte[6], trace, id]),
        Name = name,
        Kind = kind,
        StartTimeUnixNano = end - (2 * Second),
        EndTimeUnixNano = end,
    };

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private void Produce(string topic, List<byte[]> records)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(kafka.ProducerConfig()).Build();
        foreach (var record in records)
        {
            producer.Produce(topic, new Message<byte[]?, byte[]> { Value = record });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
