using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Generate;

public sealed class GenerateEngineTests
{
    private const ulong Now = 1_700_000_000_000_000_000;

    [Fact]
    public void Each_tenant_reports_which_processors_it_runs()
    {
        var config = WorkerHarness.FastConfig();
        var engine = new GenerateEngine(new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics }), 2, TimeProvider.System);

        engine.Process(Batch("tenant-active"));

        Assert.Equal(1, GenerateMetrics.ActiveProcessors.WithLabels("tenant-active", ProcessorNames.SpanMetrics).Value);
        Assert.Equal(0, GenerateMetrics.ActiveProcessors.WithLabels("tenant-active", ProcessorNames.ServiceGraphs).Value);
        Assert.Equal(0, GenerateMetrics.ActiveProcessors.WithLabels("tenant-active", ProcessorNames.LocalBlocks).Value);
    }

    [Fact]
    public void A_rebuild_that_fails_is_counted_and_the_previous_processors_keep_counting()
    {
        var good = WorkerHarness.FastConfig();
        var configs = new Switchable(good);
        var engine = new GenerateEngine(configs, 1, TimeProvider.System);
        engine.Process(Batch("tenant-rebuild"));
        var failedBefore = GenerateMetrics.ActiveProcessorsUpdateFailed.WithLabels("tenant-rebuild").Value;

        configs.Current = WorkerHarness.FastConfig(spanMetrics: o => o.HistogramBuckets = [1, 1]);
        engine.Process(Batch("tenant-rebuild"));
        var output = new List<KeyValuePair<int, byte[]>>();
        engine.Drain(output);

        Assert.Equal(failedBefore + 1, GenerateMetrics.ActiveProcessorsUpdateFailed.WithLabels("tenant-rebuild").Value);
        Assert.Same(good, engine.Tenants["tenant-rebuild"].Config);
        Assert.NotEmpty(output);
    }

    [Fact]
    public void It_holds_deltas_from_a_batch_until_they_are_drained()
    {
        var config = WorkerHarness.FastConfig();
        var engine = new GenerateEngine(new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics }), 1, TimeProvider.System);
        Assert.False(engine.HoldsDeltas);

        engine.Process(Batch("tenant-holds"));
        Assert.True(engine.HoldsDeltas);

        engine.Drain([]);
        Assert.False(engine.HoldsDeltas);
    }

    [Fact]
    public void Between_commits_only_windows_closed_at_the_watermark_leave_and_the_open_one_leaves_at_commit()
    {
        // 1 s windows, 1 s grace; the clock sits after both batches, so neither is rejected as future.
        var config = WorkerHarness.FastConfig();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds((long)(Now / 1_000_000) + 10_000));
        var engine = new GenerateEngine(new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics }), 1, clock);
        var output = new List<KeyValuePair<int, byte[]>>();

        engine.Process(Batch("tenant-closed", Now));
        engine.DrainClosed(output);
        Assert.Empty(output);

        engine.Process(Batch("tenant-closed", Now + 5_000_000_000));
        engine.DrainClosed(output);
        var closedEnds = WindowEnds(output);
        Assert.NotEmpty(closedEnds);
        Assert.All(closedEnds, end => Assert.True(end + 1_000 <= engine.WatermarkMs));

        output.Clear();
        engine.DrainClosed(output);
        Assert.Empty(output);
        engine.Drain(output);
        var openEnds = WindowEnds(output);
        Assert.NotEmpty(openEnds);
        Assert.All(openEnds, end => Assert.True(end + 1_000 > engine.WatermarkMs));
    }

    [Fact]
    public void A_far_future_span_is_counted_and_moves_no_watermark_so_later_spans_of_every_tenant_stay_on_time()
    {
        var config = WorkerHarness.FastConfig();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds((long)(Now / 1_000_000) + 10_000));
        var engine = new GenerateEngine(new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics }), 1, clock);
        const ulong year2500 = 16_725_225_600_000UL * 1_000_000UL;

        engine.Process(Batch("tenant-future-a", Now));
        var before = engine.WatermarkMs;
        engine.Process(Batch("tenant-future-b", year2500));
        Assert.Equal(before, engine.WatermarkMs);
        engine.Process(Batch("tenant-future-a", Now + 1_000_000_000));
        engine.Process(Batch("tenant-future-b", Now + 1_000_000_000));

        Assert.Equal(SyntheticTraceDefaults.SpansPerTrace, Core.Telemetry.SelfMetrics.SpansDiscarded.WithLabels("tenant-future-b", Core.Telemetry.DiscardReasons.TooFarInFuture, Core.Telemetry.SelfMetricLabels.AllProcessors).Value);
        Assert.Equal((long)((Now + 1_000_000_000) / 1_000_000), engine.WatermarkMs);
        foreach (var tenant in (string[])["tenant-future-a", "tenant-future-b"])
        {
            Assert.Equal(0, Core.Registry.RegistryMetrics.LateObservations.WithLabels(tenant, Core.Registry.RegistryMetricNames.StageGenerate).Value);
        }
    }

    [Fact]
    public void A_task_that_goes_quiet_moves_its_watermark_between_ticks_once_per_quiet_spell()
    {
        var config = WorkerHarness.FastConfig();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds((long)(Now / 1_000_000) + 10_000));
        var engine = new GenerateEngine(new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics }), 1, clock, idleAfter: TimeSpan.FromSeconds(1), idleLag: TimeSpan.FromSeconds(2));
        engine.Process(Batch("tenant-quiet", Now));
        var fromSpans = engine.WatermarkMs;
        // The counter is process-wide (other tests' tasks go quiet too): it only ever grows by this test's spells at least.
        var spellsBefore = GenerateMetrics.IdleSpells.Value;

        // Not yet quiet for the idle time: nothing moves.
        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.False(engine.AdvanceIfIdle());
        Assert.Equal(fromSpans, engine.WatermarkMs);

        // Quiet for the idle time: the watermark follows the clock at once, without waiting for a tick, and the last
        // window closes.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(engine.AdvanceIfIdle());
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() - 2_000, engine.WatermarkMs);
        var output = new List<KeyValuePair<int, byte[]>>();
        engine.DrainClosed(output);
        Assert.NotEmpty(WindowEnds(output));
        Assert.True(GenerateMetrics.IdleSpells.Value >= spellsBefore + 1);

        // Once per quiet spell: from there the ticks move it on.
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.False(engine.AdvanceIfIdle());
        engine.Tick();
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() - 2_000, engine.WatermarkMs);

        // New input ends the spell; the next one is noticed again.
        engine.Process(Batch("tenant-quiet", Now));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(engine.AdvanceIfIdle());
        Assert.True(GenerateMetrics.IdleSpells.Value >= spellsBefore + 2);
    }

    [Fact]
    public void A_shared_engine_closes_windows_at_the_lowest_watermark_of_its_members_and_each_keeps_its_own()
    {
        var (engine, _) = SharedEngine();
        var fast = engine.Join();
        var slow = engine.Join();
        var tenant = engine.EnsureTenant("tenant-shared");
        var output = new List<KeyValuePair<int, byte[]>>();

        // The fast member is 5 s ahead; the slow one has no span yet: no window may close.
        engine.Process(Batch("tenant-shared", Now), tenant, ProcessorPlacement.All, fast);
        engine.Process(Batch("tenant-shared", Now + 5_000_000_000), tenant, ProcessorPlacement.All, fast);
        Assert.Equal(Ms(Now + 5_000_000_000), fast.WatermarkMs);
        Assert.Equal(long.MinValue, slow.WatermarkMs);
        Assert.Equal(long.MinValue, engine.WatermarkMs);
        engine.DrainClosed(output);
        Assert.Empty(output);

        // The slow member's spans of the first window are on time, as in an engine of its own.
        engine.Process(Batch("tenant-shared", Now), tenant, ProcessorPlacement.All, slow);
        Assert.Equal(Ms(Now), engine.WatermarkMs);
        Assert.Equal(0, Core.Registry.RegistryMetrics.LateObservations.WithLabels("tenant-shared", Core.Registry.RegistryMetricNames.StageGenerate).Value);
        engine.DrainClosed(output);
        Assert.Empty(output);

        // Once the slow member passes the window, it closes with both members' spans in it.
        engine.Process(Batch("tenant-shared", Now + 5_000_000_000), tenant, ProcessorPlacement.All, slow);
        Assert.Equal(Ms(Now + 5_000_000_000), engine.WatermarkMs);
        engine.DrainClosed(output);
        var first = Deltas(output).Where(d => d.WindowEndMs <= Ms(Now) + 1_000 && d.Metric == SpanMetricsMetricNames.Calls).Sum(d => d.Value);
        Assert.Equal(2 * SyntheticTraceDefaults.SpansPerTrace, first);
    }

    [Fact]
    public void A_member_that_leaves_or_goes_quiet_no_longer_holds_the_shared_windows_open()
    {
        var (engine, clock) = SharedEngine();
        var busy = engine.Join();
        var leaving = engine.Join();
        var quiet = engine.Join();
        var tenant = engine.EnsureTenant("tenant-shared-leave");
        engine.Process(Batch("tenant-shared-leave", Now + 5_000_000_000), tenant, ProcessorPlacement.All, busy);
        engine.Process(Batch("tenant-shared-leave", Now), tenant, ProcessorPlacement.All, leaving);
        engine.Process(Batch("tenant-shared-leave", Now), tenant, ProcessorPlacement.All, quiet);
        Assert.Equal(Ms(Now), engine.WatermarkMs);

        Assert.False(engine.Leave(leaving));
        Assert.Equal(Ms(Now), engine.WatermarkMs);

        // Only the quiet member's own watermark follows the clock; the busy one's stays with its spans.
        clock.Advance(TimeSpan.FromSeconds(1));
        engine.Process(Batch("tenant-shared-leave", Now + 5_000_000_000), tenant, ProcessorPlacement.All, busy);
        Assert.True(engine.AdvanceIfIdle(quiet));
        Assert.False(engine.AdvanceIfIdle(busy));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() - 2_000, quiet.WatermarkMs);
        Assert.Equal(Ms(Now + 5_000_000_000), busy.WatermarkMs);
        Assert.Equal(Ms(Now + 5_000_000_000), engine.WatermarkMs);
        var output = new List<KeyValuePair<int, byte[]>>();
        engine.DrainClosed(output);
        Assert.Contains(Ms(Now) + 1_000, Deltas(output).Select(d => d.WindowEndMs));

        Assert.False(engine.Leave(quiet));
        Assert.True(engine.Leave(busy));
    }

    [Fact]
    public void Only_a_shared_engine_takes_members_and_it_processes_only_for_one()
    {
        var config = WorkerHarness.FastConfig();
        var configs = new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics });
        var own = new GenerateEngine(configs, 1, TimeProvider.System);
        Assert.Throws<InvalidOperationException>(() => own.Join());

        var (shared, _) = SharedEngine();
        Assert.Throws<InvalidOperationException>(() => shared.Process(Batch("tenant-shared-own")));
        Assert.Throws<InvalidOperationException>(() => shared.Tick());
    }

    [Fact]
    public void A_shared_engine_pairs_each_members_edges_in_that_members_store_and_a_tick_expires_only_its_own()
    {
        var config = WorkerHarness.FastConfig();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Ms(Now) + 10_000));
        var engine = new GenerateEngine(new StaticTenantConfigSource(config), 1, clock, placement: ProcessorPlacement.ByTrace, sharedByTasks: true);
        Core.Processors.ServiceGraphs.InMemoryEdgeStore? first = null;
        Core.Processors.ServiceGraphs.InMemoryEdgeStore? second = null;
        var a = engine.Join((_, c) => first = Core.Processors.ServiceGraphs.InMemoryEdgeStore.Create(c.ServiceGraphs!, clock));
        var b = engine.Join((_, c) => second = Core.Processors.ServiceGraphs.InMemoryEdgeStore.Create(c.ServiceGraphs!, clock));
        var tenant = engine.EnsureTenant("tenant-shared-edges");
        var traceA = new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = 1 }).Generate(2, Now);
        var traceB = new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = 2 }).Generate(2, Now);

        // Client sides wait for their servers, each in the store of the task that got them.
        engine.Process(Side(traceA, server: false), tenant, ProcessorPlacement.ByTrace, a);
        var pendingA = first!.Count;
        Assert.True(pendingA > 0);
        Assert.Null(second);
        engine.Process(Side(traceB, server: false), tenant, ProcessorPlacement.ByTrace, b);
        Assert.Equal(pendingA, first.Count);
        Assert.Equal(pendingA, second!.Count);
        Assert.Equal(2 * pendingA, tenant.PendingEdges);

        // The server sides pair in the same task's store and leave the other's alone.
        engine.Process(Side(traceA, server: true), tenant, ProcessorPlacement.ByTrace, a);
        Assert.True(first.Count < pendingA);
        Assert.Equal(pendingA, second.Count);

        // A task's tick expires its own edges only, which its own commit writes.
        clock.Advance(TimeSpan.FromSeconds(3));
        engine.Tick(a);
        Assert.Equal(pendingA, second.Count);
        engine.Tick(b);
        Assert.Equal(0, second.Count);

        // A task that leaves takes its store with it.
        engine.Process(Side(traceB, server: false), tenant, ProcessorPlacement.ByTrace, b);
        Assert.False(engine.Leave(b));
        Assert.Equal(first.Count, tenant.PendingEdges);
    }

    [Fact]
    public void A_shared_engine_refuses_a_members_spans_while_the_member_has_no_edge_store()
    {
        var config = WorkerHarness.FastConfig();
        var engine = new GenerateEngine(new StaticTenantConfigSource(config), 1, TimeProvider.System, placement: ProcessorPlacement.ByTrace, sharedByTasks: true);
        var opened = false;
        var member = engine.Join((_, c) => opened ? Core.Processors.ServiceGraphs.InMemoryEdgeStore.Create(c.ServiceGraphs!, TimeProvider.System) : null);
        var tenant = engine.EnsureTenant("tenant-shared-unopened", member);

        // A tick before the state is open expires nothing and builds nothing; records come only after it.
        engine.Tick(member);
        Assert.Throws<InvalidOperationException>(() => engine.Process(Batch("tenant-shared-unopened"), tenant, ProcessorPlacement.ByTrace, member));

        opened = true;
        Assert.DoesNotContain(member, tenant.MemberEdges!.Members);
        engine.Process(Batch("tenant-shared-unopened"), tenant, ProcessorPlacement.ByTrace, member);
        Assert.Contains(member, tenant.MemberEdges.Members);
    }

    private static Core.Ingest.SpanBatch Side(OpenTelemetry.Proto.Trace.V1.TracesData traces, bool server)
    {
        var copy = traces.Clone();
        foreach (var scope in copy.ResourceSpans.SelectMany(r => r.ScopeSpans))
        {
            var keep = scope.Spans.Where(s => (s.Kind == OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server) == server).ToList();
            scope.Spans.Clear();
            scope.Spans.AddRange(keep);
        }

        return SpanBatchFactory.From(copy, "tenant-shared-edges");
    }

    private static (GenerateEngine Engine, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock) SharedEngine()
    {
        // 1 s windows, 1 s grace; the clock sits after every batch, so none is rejected as future.
        var config = WorkerHarness.FastConfig();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Ms(Now) + 10_000));
        var engine = new GenerateEngine(
            new StaticTenantConfigSource(new TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics }),
            1,
            clock,
            idleAfter: TimeSpan.FromSeconds(1),
            idleLag: TimeSpan.FromSeconds(2),
            sharedByTasks: true);
        return (engine, clock);
    }

    private static long Ms(ulong unixNano) => (long)(unixNano / 1_000_000);

    private static List<Core.Registry.SeriesDelta> Deltas(List<KeyValuePair<int, byte[]>> output)
    {
        var deltas = new List<Core.Registry.SeriesDelta>();
        foreach (var (_, value) in output)
        {
            Assert.True(Aggregate.StageRecord.TryReadDeltas(value, out var batch));
            deltas.AddRange(batch.Deltas);
        }

        return deltas;
    }

    private static List<long> WindowEnds(List<KeyValuePair<int, byte[]>> output)
    {
        var ends = new List<long>();
        foreach (var (_, value) in output)
        {
            Assert.True(Aggregate.StageRecord.TryReadDeltas(value, out var batch));
            ends.AddRange(batch.Deltas.Select(d => d.WindowEndMs));
        }

        return ends;
    }

    private static Core.Ingest.SpanBatch Batch(string tenant, ulong end = Now) =>
        SpanBatchFactory.From(new SyntheticTraceGenerator().Generate(1, end), tenant);

    private sealed class Switchable(TenantPipelineConfig initial) : ITenantConfigSource
    {
        public TenantPipelineConfig Current { get; set; } = initial;

        public TenantPipelineConfig Get(string tenant) => Current;
    }
}
