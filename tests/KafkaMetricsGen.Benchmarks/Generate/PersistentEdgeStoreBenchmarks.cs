using BenchmarkDotNet.Attributes;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Streams.Generate;

namespace KafkaMetricsGen.Benchmarks.Generate;

/// <summary>
/// What the edge store costs a generate task per commit in the steady state of a trace stream whose every trace leaves
/// one edge waiting (a root server span): each operation opens <see cref="EdgesPerCommit"/> edges, commits (the flush
/// writes them), lets the previous commit's edges expire and commits again (the flush deletes what held them). The
/// state store counts entries only, so the figure is the store's own work and allocation, not Streamiz's per entry
/// (one changelog record each); the global cleanup prints how many entries it wrote or deleted per edge. A second case
/// pairs every edge before the commit.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 5)]
public class PersistentEdgeStoreBenchmarks
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly SteppedClock _clock = new();
    private readonly CountingState _state = new();
    private PersistentEdgeStore _store = null!;
    private readonly Expired _expired = new();
    private readonly ServerSide _server = new();
    private readonly ClientSide _client = new();
    private ulong _span;

    [Params(100, 1000)]
    public int EdgesPerCommit { get; set; } = 100;

    [GlobalSetup]
    public void Setup()
    {
        _store = new PersistentEdgeStore("bench", new InMemoryEdgeStore(Wait, 1_000_000, _clock), _state);
        Operation();
    }

    [Benchmark]
    public void Operation()
    {
        for (var i = 0; i < EdgesPerCommit; i++)
        {
            _store.Upsert(new EdgeKey(new TraceId(1, ++_span), new SpanId(0)), EdgeSide.Server, _server);
        }

        _store.Flush();
        _clock.Step(Wait / 2);
        _store.Expire(_expired);
        _store.Flush();
    }

    /// <summary>
    /// The common case of a busy trace stream: each edge's two spans arrive between the same two commits, so the edge
    /// opens and completes before the flush and nothing is written.
    /// </summary>
    [Benchmark]
    public void PairedBeforeCommit()
    {
        for (var i = 0; i < EdgesPerCommit; i++)
        {
            var key = new EdgeKey(new TraceId(2, ++_span), new SpanId(7));
            _store.Upsert(key, EdgeSide.Server, _server);
            _store.Upsert(key, EdgeSide.Client, _client);
        }

        _store.Flush();
    }

    [GlobalCleanup]
    public void Cleanup() => Console.WriteLine($"// entries written or deleted per edge: {(double)_state.Writes / _span:0.000}");

    private sealed class ServerSide : IEdgeUpdate
    {
        public void Apply(Edge edge) => edge.ServerService = "checkout";

        public void Complete(Edge edge)
        {
        }
    }

    private sealed class ClientSide : IEdgeUpdate
    {
        public void Apply(Edge edge) => edge.ClientService = "frontend";

        public void Complete(Edge edge)
        {
        }
    }

    private sealed class Expired : IEdgeExpiryHandler
    {
        public void OnExpire(Edge edge)
        {
        }
    }

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        public void Step(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    private sealed class CountingState : IEdgeStateStore
    {
        public long Writes { get; private set; }

        public void Put(byte[] key, byte[] value) => Writes++;

        public void Delete(byte[] key) => Writes++;

        public IEnumerable<KeyValuePair<byte[], byte[]>> All() => [];
    }
}
