using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// The processors of one task (one trace partition, or one input partition in the decode stage), or of the tasks of a
/// stream thread that share it, without Kafka: span batches in, per-window series deltas out, split by the series
/// partition that owns each series. Its watermark is the highest accepted span end time (see
/// <see cref="DeltaRegistry.Admit"/>), or the clock minus the idle lag once the task has been idle for the idle time
/// (so quiet partitions still let windows close downstream); both default to <see cref="DefaultIdleAfter"/> and
/// <see cref="DefaultIdleLag"/>.
/// <para>
/// A shared engine (<c>sharedByTasks</c>) serves every task that <see cref="Join"/>s it, so that the tasks of a stream
/// thread keep one set of processors, registries and label caches instead of one each (a task's state would be cold by
/// the time its next record comes). Pending service-graph edges stay each task's own (<see cref="MemberEdgeStores"/>).
/// Each member keeps its own watermark, which it sends downstream; the registries close windows at the lowest of the
/// members' watermarks, so no span is later than in an engine of its task alone, and the deltas of a window are drained
/// before any member's watermark can close it downstream (downstream closes at the lowest watermark of all its upstream
/// tasks). Draining all deltas at one member's commit is right only because the members commit together: Streamiz
/// flushes every task of a stream thread in one commit, at a revocation too, and flushes every task before it closes
/// them when it has lost them.
/// </para>
/// </summary>
public sealed class GenerateEngine : IDisposable
{
    private readonly ITenantConfigSource _configs;
    private readonly int _seriesPartitions;
    private readonly TimeProvider _time;
    private readonly Func<string, TenantPipelineConfig, IEdgeStore?> _edgeStores;
    private readonly LocalBlocksTenants? _localBlocks;
    private readonly Dictionary<string, TenantGenerator> _tenants = new(StringComparer.Ordinal);

    // Deltas of processors replaced by a settings change, drained with the next batch.
    private readonly List<SeriesDeltaBatch> _carryOver = [];
    private readonly List<EngineMember> _members = [];

    // The member of an engine of one task (not shared); null in a shared engine.
    private readonly EngineMember? _own;
    private readonly TimeSpan _idleAfter;
    private readonly TimeSpan _idleLag;
    private readonly ProcessorPlacement _placement;
    private readonly DeltaTraffic _closedTraffic;
    private readonly DeltaTraffic _commitTraffic;

    public GenerateEngine(
        ITenantConfigSource configs,
        int seriesPartitions,
        TimeProvider time,
        Func<string, TenantPipelineConfig, IEdgeStore?>? edgeStores = null,
        LocalBlocksTenants? localBlocks = null,
        TimeSpan? idleAfter = null,
        TimeSpan? idleLag = null,
        ProcessorPlacement placement = ProcessorPlacement.All,
        bool sharedByTasks = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seriesPartitions, 1);
        _configs = configs;
        _seriesPartitions = seriesPartitions;
        _time = time;
        _edgeStores = edgeStores ?? ((_, _) => null);
        _localBlocks = localBlocks;
        _idleAfter = idleAfter ?? DefaultIdleAfter;
        _idleLag = idleLag ?? DefaultIdleLag;
        _placement = placement;
        var stage = placement == ProcessorPlacement.WhereRecordArrives ? GenerateMetrics.StageDecode : GenerateMetrics.StageGenerate;
        _closedTraffic = new DeltaTraffic(stage, GenerateMetrics.TriggerWindowClosed);
        _commitTraffic = new DeltaTraffic(stage, GenerateMetrics.TriggerCommit);
        if (!sharedByTasks)
        {
            _own = new EngineMember(time.GetTimestamp());
            _members.Add(_own);
        }
    }

    /// <summary>After this long without input the task counts as idle.</summary>
    public static TimeSpan DefaultIdleAfter { get; } = TimeSpan.FromSeconds(5);

    /// <summary>How far behind the clock an idle task's watermark stays (spans still on their way get that long).</summary>
    public static TimeSpan DefaultIdleLag { get; } = TimeSpan.FromSeconds(5);

    public IReadOnlyDictionary<string, TenantGenerator> Tenants => _tenants;

    /// <summary>
    /// The watermark the registries close windows at: the task's own, or in a shared engine the lowest of its members'
    /// (it never moves back, also when a member joins).
    /// </summary>
    public long WatermarkMs { get; private set; } = long.MinValue;

    /// <summary>The tasks a shared engine serves.</summary>
    public int Members => _members.Count;

    /// <summary>Adds a task to a shared engine; it processes through <see cref="Process(SpanBatch, TenantGenerator, ProcessorPlacement, EngineMember)"/>.</summary>
    /// <param name="edgeStores">
    /// Builds the task's own store of a tenant's pending edges: a shared engine's service-graphs processors pair the
    /// spans of a member's records in that member's store (<see cref="MemberEdgeStores"/>).
    /// </param>
    public EngineMember Join(Func<string, TenantPipelineConfig, IEdgeStore?>? edgeStores = null)
    {
        if (!Shared)
        {
            throw new InvalidOperationException("Only a shared engine takes members.");
        }

        var member = new EngineMember(_time.GetTimestamp(), edgeStores);
        _members.Add(member);
        return member;
    }

    /// <summary>
    /// Removes a task from a shared engine; the others' lowest watermark may now be higher. Deltas it recorded stay
    /// (the members commit together, so none are held when a task leaves). True when no member is left.
    /// </summary>
    public bool Leave(EngineMember member)
    {
        _members.Remove(member);
        foreach (var t in _tenants.Values)
        {
            t.MemberEdges?.Remove(member);
        }

        if (_members.Count > 0)
        {
            Apply(LowestMemberWatermark());
        }

        return _members.Count == 0;
    }

    /// <summary>True while deltas wait for a drain (recorded since the last <see cref="Drain(List{KeyValuePair{int, byte[]}})"/>).</summary>
    public bool HoldsDeltas
    {
        get
        {
            if (_carryOver.Count > 0)
            {
                return true;
            }

            foreach (var t in _tenants.Values)
            {
                if (!t.Registry.IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Runs the batch of the engine's one task (not shared) through every processor.</summary>
    public void Process(SpanBatch batch) => Process(batch, Tenant(batch.Tenant), ProcessorPlacement.All, Own);

    /// <summary>
    /// Runs the batch through <paramref name="tenant"/>'s processors of <paramref name="placement"/> (the generator
    /// <see cref="EnsureTenant"/> gave), for <paramref name="member"/>'s task.
    /// </summary>
    public void Process(SpanBatch batch, TenantGenerator tenant, ProcessorPlacement placement, EngineMember member)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(member);
        member.LastInputTicks = _time.GetTimestamp();
        member.Idle = false;
        if (tenant.MemberEdges is { } edges && !edges.Use(member, tenant.Config))
        {
            throw new InvalidOperationException($"Tenant {tenant.Tenant} has no edge store for this task: it processes records only once its state is open.");
        }

        // Only span ends the registry accepts move the watermark: a far-future one is counted and left out.
        // A by-trace push holds spans the decode stage's registry admitted (and counted) already.
        member.MaxEventTimeMs = Math.Max(member.MaxEventTimeMs, tenant.Registry.Admit(batch, countDiscarded: placement != ProcessorPlacement.ByTrace));

        tenant.Push(batch, placement);
        Advance(member, member.MaxEventTimeMs);
    }

    /// <summary>Creates the tenant's processors now (a restarted task rebuilds tenants that have pending edges).</summary>
    public TenantGenerator EnsureTenant(string tenant) => Tenant(tenant);

    /// <summary>
    /// <see cref="EnsureTenant(string)"/> in a shared engine, for <paramref name="member"/>'s task: its own edge store of
    /// the tenant is built now, so a restarted task restores its pending edges before its first record.
    /// </summary>
    public TenantGenerator EnsureTenant(string tenant, EngineMember member)
    {
        var generator = Tenant(tenant);
        generator.MemberEdges?.Use(member, generator.Config);
        return generator;
    }

    /// <summary>Periodic work: expire pending edges, advance an idle task's watermark to the clock.</summary>
    public void Tick() => Tick(Own);

    /// <summary>
    /// <see cref="Tick()"/> for <paramref name="member"/>'s task; in a shared engine it expires the task's own pending
    /// edges, and builds none (a tenant's store is built for the task's first record of the tenant, or again at its first
    /// tick after a settings change).
    /// </summary>
    public void Tick(EngineMember member)
    {
        foreach (var t in _tenants.Values)
        {
            // In a shared engine a task expires only its own edges, whose deletions its own commit writes.
            if (t.MemberEdges is not { } edges || edges.Use(member, t.Config, create: false))
            {
                t.Expire();
            }
        }

        if (IsIdle(member))
        {
            Advance(member, IdleWatermark());
        }
    }

    /// <summary>
    /// Between ticks: once the task has been without input for the idle time, moves the watermark to the clock at once
    /// rather than at the next tick, so the last window of a burst closes the idle time after its last span, not up to a
    /// tick later. The rule is <see cref="Tick"/>'s, checked more often; it acts once per quiet spell (the ticks move the
    /// watermark on from there). True when the watermark moved: the caller sends it on.
    /// </summary>
    public bool AdvanceIfIdle() => AdvanceIfIdle(Own);

    /// <summary><see cref="AdvanceIfIdle()"/> for <paramref name="member"/>'s task, whose watermark it compares.</summary>
    public bool AdvanceIfIdle(EngineMember member)
    {
        if (member.Idle || !IsIdle(member))
        {
            return false;
        }

        var before = member.WatermarkMs;
        Advance(member, IdleWatermark());
        return member.WatermarkMs != before;
    }

    private bool Shared => _own is null;

    private EngineMember Own => _own ?? throw new InvalidOperationException("A shared engine processes for a member.");

    private long IdleWatermark() => _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_idleLag.TotalMilliseconds;

    /// <summary>Whether the task has been without input for the idle time; counts each quiet spell once.</summary>
    private bool IsIdle(EngineMember member)
    {
        if (_time.GetElapsedTime(member.LastInputTicks) < _idleAfter)
        {
            return false;
        }

        if (!member.Idle)
        {
            member.Idle = true;
            GenerateMetrics.IdleSpells.Inc();
        }

        return true;
    }

    /// <summary>Moves every accumulated delta out as stage records, one per (tenant, series partition) that has any.</summary>
    public void Drain(List<KeyValuePair<int, byte[]>> output) => Drain(output, closedOnly: false);

    /// <summary>
    /// Moves out the deltas of windows closed at the watermark, which must reach the series partitions before the
    /// watermark that closes them does; open windows keep accumulating. All closed windows of a tenant and series
    /// partition go in one record, so a caller that drains only right before it sends the watermark sends one record per
    /// series partition however many windows closed since its last drain.
    /// </summary>
    public void DrainClosed(List<KeyValuePair<int, byte[]>> output) => Drain(output, closedOnly: true);

    private void Drain(List<KeyValuePair<int, byte[]>> output, bool closedOnly)
    {
        var traffic = closedOnly ? _closedTraffic : _commitTraffic;
        foreach (var carried in _carryOver)
        {
            Split(carried, output, traffic);
        }

        _carryOver.Clear();
        foreach (var t in _tenants.Values)
        {
            if (t.Registry.IsEmpty)
            {
                continue;
            }

            if (!closedOnly)
            {
                Split(t.Registry.TakeDeltas(), output, traffic);
            }
            else if (t.Registry.HasClosedWindows)
            {
                Split(t.Registry.TakeClosedDeltas(), output, traffic);
            }
        }
    }

    /// <summary>The series partition that owns a series.</summary>
    public static int PartitionOf(ulong seriesKey, int partitions) => (int)(seriesKey % (ulong)partitions);

    public void Dispose()
    {
        foreach (var t in _tenants.Values)
        {
            t.Dispose();
        }

        _tenants.Clear();
    }

    /// <summary>Moves a member's watermark forward, and the registries' with it when it was the lowest.</summary>
    private void Advance(EngineMember member, long watermarkMs)
    {
        var before = member.WatermarkMs;
        if (watermarkMs <= before)
        {
            return;
        }

        member.WatermarkMs = watermarkMs;

        // A member above the registries' watermark was not the lowest: raising it changes nothing.
        if (before <= WatermarkMs)
        {
            Apply(_members.Count == 1 ? watermarkMs : LowestMemberWatermark());
        }
    }

    private long LowestMemberWatermark()
    {
        var lowest = long.MaxValue;
        foreach (var m in _members)
        {
            lowest = Math.Min(lowest, m.WatermarkMs);
        }

        return lowest;
    }

    private void Apply(long watermarkMs)
    {
        if (watermarkMs <= WatermarkMs)
        {
            return;
        }

        WatermarkMs = watermarkMs;
        foreach (var t in _tenants.Values)
        {
            t.Registry.AdvanceWatermark(watermarkMs);
        }
    }

    private TenantGenerator Tenant(string tenant)
    {
        var config = _configs.Get(tenant);
        if (_tenants.TryGetValue(tenant, out var existing))
        {
            if (ReferenceEquals(existing.Config, config) || existing.Config.Fingerprint == config.Fingerprint && config.Fingerprint.Length > 0)
            {
                return existing;
            }

            // Settings changed: rebuild the processors. Deltas already recorded are kept for the next drain. Settings are
            // validated when they are loaded; should a build still fail, the previous processors keep running.
            TenantGenerator rebuilt;
            try
            {
                rebuilt = Build(tenant, config);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                GenerateMetrics.ActiveProcessorsUpdateFailed.WithLabels(tenant).Inc();
                return existing;
            }

            _carryOver.Add(existing.Registry.TakeDeltas());
            existing.Dispose();
            _tenants[tenant] = rebuilt;
            return rebuilt;
        }

        var created = Build(tenant, config);
        _tenants.Add(tenant, created);
        return created;
    }

    private TenantGenerator Build(string tenant, TenantPipelineConfig config)
    {
        var generator = new TenantGenerator(tenant, config, _time, EdgeStore(tenant, config), _localBlocks, _placement, Shared);
        if (WatermarkMs != long.MinValue)
        {
            generator.Registry.AdvanceWatermark(WatermarkMs);
        }

        return generator;
    }

    /// <summary>
    /// The tenant's store of pending edges: the factory's, or in a shared engine one that holds each member's own. After
    /// a settings change each member builds its new store at its own next tick or record (its factory flushes the old
    /// one first), so that a task's state store is only ever written while the task itself runs.
    /// </summary>
    private IEdgeStore? EdgeStore(string tenant, TenantPipelineConfig config)
    {
        if (!Shared)
        {
            return _edgeStores(tenant, config);
        }

        return _placement == ProcessorPlacement.WhereRecordArrives || config.ServiceGraphs is null ? null : new MemberEdgeStores(tenant);
    }

    private void Split(SeriesDeltaBatch all, List<KeyValuePair<int, byte[]>> output, DeltaTraffic traffic)
    {
        if (all.Count == 0)
        {
            return;
        }

        if (_seriesPartitions == 1)
        {
            var whole = StageRecord.EncodeDeltas(all);
            traffic.Sent(all.Count, whole.Length);
            output.Add(new(0, whole));
            return;
        }

        var parts = new SeriesDeltaBatch?[_seriesPartitions];
        foreach (var delta in all.Deltas)
        {
            var p = PartitionOf(delta.SeriesKey, _seriesPartitions);
            (parts[p] ??= new SeriesDeltaBatch(all.Tenant)).Add(delta);
        }

        for (var p = 0; p < parts.Length; p++)
        {
            if (parts[p] is { } part)
            {
                var value = StageRecord.EncodeDeltas(part);
                traffic.Sent(part.Count, value.Length);
                output.Add(new(p, value));
            }
        }
    }
}
