using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Benchmarks.TraceQL;

/// <summary>
/// One metrics query over 1 M stored spans of one tenant (the local-blocks target: under 1 s), through the query
/// service as the HTTP endpoint calls it: full-grammar check, evaluation, second stage. Spans: 20 services, 50 names,
/// 1 in 10 an error, 4 spans per trace (one root), spread over the last 10 minutes in chunks of 10,000 as the store
/// keeps them. compare() reads every attribute of every span; the structural queries group all 1 M spans by trace and
/// walk the parent links of each.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class TraceQLQueryBenchmarks
{
    private const int SpanCount = 1_000_000;
    private const int ChunkSize = 10_000;
    private const ulong Second = 1_000_000_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private TraceQLMetricsQueryService _service = null!;
    private MetricsQueryRequest _request = null!;

    [Params(
        "{} | rate() by (resource.service.name)",
        "{nestedSetParent<0 && true} | rate() by (resource.service.name)",
        "{ status = error } | count_over_time() by (name) | topk(10)",
        "{} | quantile_over_time(duration, .5, .99) by (resource.service.name)",
        "{} | compare({ status = error })",
        "{ } >> { status = error } | rate() by (resource.service.name)",
        "{ } ~ { } | rate() by (resource.service.name)")]
    public string Query { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var nowNano = (ulong)Now.ToUnixTimeSeconds() * Second;
        var services = new StoredAttribute[20][];
        for (var i = 0; i < services.Length; i++)
        {
            services[i] = [new StoredAttribute(LocalSpanKeys.ServiceName, StaticValue.OfString("service-" + i))];
        }

        var names = Enumerable.Range(0, 50).Select(i => "operation-" + i).ToArray();
        var chunks = new List<ReadOnlyMemory<StoredSpan>>();
        var chunk = new StoredSpan[ChunkSize];
        for (var i = 0; i < SpanCount; i++)
        {
            var trace = (ulong)(i / 4) + 1;
            var isRoot = i % 4 == 0;
            chunk[i % ChunkSize] = new StoredSpan(
                new TraceId(0, trace),
                new SpanId((ulong)i + 1),
                isRoot ? default : new SpanId((ulong)(i - (i % 4)) + 1),
                nowNano - ((ulong)(i % 600) * Second) - 1,
                (ulong)((i * 7919 % 1_000_000) + 1_000),
                names[i % names.Length],
                SpanKind.Server,
                i % 10 == 0 ? StatusCode.Error : StatusCode.Ok,
                string.Empty,
                services[(i / 4) % services.Length],
                []);
            if (i % ChunkSize == ChunkSize - 1)
            {
                chunks.Add(chunk);
                chunk = new StoredSpan[ChunkSize];
            }
        }

        _service = new TraceQLMetricsQueryService(new Provider(new Source(chunks)), new TraceQLMetricsOptions(), new FakeTimeProvider(Now));
        _request = new MetricsQueryRequest(Query, nowNano - (600 * Second), nowNano, 30 * Second, 0, Instant: false, Local: false);
    }

    [Benchmark]
    public int QueryRange() => _service.QueryAsync("t", _request, CancellationToken.None).GetAwaiter().GetResult().Series.Count;

    private sealed class Source(List<ReadOnlyMemory<StoredSpan>> chunks) : IQuerySpanSource
    {
        public IReadOnlyList<ReadOnlyMemory<StoredSpan>> Chunks(ulong fromUnixNano, ulong toUnixNano) => chunks;
    }

    private sealed class Provider(IQuerySpanSource source) : IQuerySpanSourceProvider
    {
        public IQuerySpanSource? Find(string tenant) => source;
    }
}
