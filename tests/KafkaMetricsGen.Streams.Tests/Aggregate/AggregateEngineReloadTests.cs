using System.Collections.Concurrent;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// Every registry field of a tenant's overrides block, changed in the overrides file while the worker runs, reaches the
/// aggregate stage from the next window on, and no count is lost on the way.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class AggregateEngineReloadTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private const string Calls = "traces_spanmetrics_calls_total{";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-agg-reload-").FullName;
    private readonly string _overrides = Path.Combine(Path.GetTempPath(), "kmg-agg-reload-" + Guid.NewGuid().ToString("N") + ".yaml");
    private readonly WindowSinks _sinks = new();

    [Fact]
    public async Task Each_registry_override_changed_while_running_acts_from_the_next_window_and_keeps_the_counts()
    {
        var tenant = "reload-" + Guid.NewGuid().ToString("N")[..8];
        var topic = kafka.CreateUniqueTopic("agg-reload", Partitions);
        Write(tenant, "trace_id_label_name: first_trace");
        var fast = YamlConfigReader.Parse("registry:\n  collection_interval: 1s\n  window_grace: 1s\n", "test");
        using var provider = new TenantSettingsProvider(fast, new OverridesOptions { PerTenantOverrideConfig = _overrides }, TimeProvider.System);
        var configs = new TenantSettingsConfigSource(provider);
        var topology = new WorkerTopologySettings
        {
            Inputs = [new InputTopic(topic, Codecs.OtlpProto)],
            TracePartitions = Partitions,
            SeriesPartitions = Partitions,
            Generate = new GenerateStageSettings { Configs = configs, SeriesPartitions = Partitions },
            Aggregate = new AggregateStageSettings { Configs = configs, SeriesPartitions = Partitions, Sinks = _sinks },
        };
        var received = SelfMetrics.SpansReceived.WithLabels(tenant);
        double before;

        await using var worker = await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("agg-reload"), _stateDir), topology);
        before = received.Value;
        WorkerHarness.ProduceTraces(kafka, topic, 10, tenant);
        await WaitForAllSpansAsync(tenant, received, before);
        Assert.Empty(_sinks.Windows(tenant).SelectMany(w => w.Histograms));
        Assert.Contains(_sinks.Windows(tenant).SelectMany(w => w.Exemplars), e => e.Exemplar.LabelName == "first_trace");

        // Native histograms at a fine factor, two buckets at most (halved resolution, no reset within 1 h), a new exemplar
        // label and a 2 s interval.
        var mark = Reload(provider, tenant, """
            generate_native_histograms: both
            native_histogram_bucket_factor: 1.1
            native_histogram_max_bucket_number: 2
            native_histogram_min_reset_duration: 1h
            trace_id_label_name: second_trace
            collection_interval: 2s
            """);
        before = received.Value;
        WorkerHarness.ProduceTraces(kafka, topic, 10, tenant);
        await WaitForAllSpansAsync(tenant, received, before);
        var after = Settled(tenant, mark);
        Assert.Contains(after.SelectMany(w => w.Histograms), h => h.Schema < NativeBuckets.SchemaFromFactor(1.1));
        Assert.All(after.SelectMany(w => w.Histograms), h => Assert.True(h.Spans.Sum(s => s.Length) <= 2, h.Series));
        Assert.Contains(after.SelectMany(w => w.Exemplars), e => e.Exemplar.LabelName == "second_trace");
        Assert.DoesNotContain(after.SelectMany(w => w.Exemplars), e => e.Exemplar.LabelName == "first_trace");
        Assert.All(after, w => Assert.Equal(0, w.End % 2_000));

        // A limit below the active series, and a new dimension: every new series goes to the overflow series.
        mark = Reload(provider, tenant, """
            generate_native_histograms: both
            native_histogram_bucket_factor: 1.1
            native_histogram_max_bucket_number: 2
            native_histogram_min_reset_duration: 1h
            trace_id_label_name: second_trace
            collection_interval: 2s
            max_active_series: 1
            processor:
              span_metrics:
                dimensions: [http.method]
            """);
        before = received.Value;
        WorkerHarness.ProduceTraces(kafka, topic, 10, tenant);
        await WaitForAllSpansAsync(tenant, received, before);
        after = Settled(tenant, mark);
        Assert.Contains(after.SelectMany(w => w.Samples), s => s.Series.StartsWith(Calls, StringComparison.Ordinal) && s.Series.Contains("metric_overflow=\"true\"", StringComparison.Ordinal));
        Assert.DoesNotContain(after.SelectMany(w => w.Samples), s => s.Series.Contains("http_method=", StringComparison.Ordinal));

        // Collection off: windows close without being written; what arrives meanwhile is counted once it is back on.
        Reload(provider, tenant, "disable_collection: true");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var quiet = _sinks.Windows(tenant).Count;
        before = received.Value;
        WorkerHarness.ProduceTraces(kafka, topic, 10, tenant);
        Assert.True(await WorkerHarness.WaitUntilAsync(() => received.Value > before && GenerateMetrics.SpansProcessed.WithLabels(tenant).Value == received.Value, Patience));
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(quiet, _sinks.Windows(tenant).Count);

        // Back on, native only, at factor 2 (schema 0) without a bucket limit: the spans of the quiet phase are counted.
        var nativeFrom = received.Value;
        mark = Reload(provider, tenant, """
            generate_native_histograms: native
            native_histogram_bucket_factor: 2
            native_histogram_max_bucket_number: 0
            """);
        before = received.Value;
        WorkerHarness.ProduceTraces(kafka, topic, 10, tenant);
        await WaitForAllSpansAsync(tenant, received, before);
        after = Settled(tenant, mark);
        Assert.DoesNotContain(after.SelectMany(w => w.Samples), s => s.Series.Contains("_bucket{", StringComparison.Ordinal));
        Assert.NotEmpty(after.SelectMany(w => w.Histograms));
        Assert.All(after.SelectMany(w => w.Histograms), h => Assert.Equal(0, h.Schema));
        Assert.Equal(received.Value - nativeFrom, NativeTotal(after));

        // One bucket at most, reset once the last reset is 1 s old: the histograms drop what they held.
        mark = Reload(provider, tenant, """
            generate_native_histograms: native
            native_histogram_bucket_factor: 2
            native_histogram_max_bucket_number: 1
            native_histogram_min_reset_duration: 1s
            """);
        before = received.Value;
        WorkerHarness.ProduceTraces(kafka, topic, 10, tenant);
        await WaitForAllSpansAsync(tenant, received, before);
        Assert.True(NativeTotal(Settled(tenant, mark)) < received.Value - nativeFrom);
    }

    public void Dispose()
    {
        WorkerHarness.DeleteQuietly(_stateDir);
        File.Delete(_overrides);
    }

    private void Write(string tenant, string block)
    {
        var indented = string.Join('\n', ("processors: [span-metrics]\n" + block).Split('\n').Select(l => "      " + l));
        File.WriteAllText(_overrides, $"overrides:\n  {tenant}:\n    metrics_generator:\n{indented}\n");
    }

    /// <summary>Rewrites the tenant's block and reloads it; returns how many windows were written before.</summary>
    private int Reload(TenantSettingsProvider provider, string tenant, string block)
    {
        var before = _sinks.Windows(tenant).Count;
        Write(tenant, block);
        Assert.True(provider.Reload(), "the overrides did not change");
        return before;
    }

    /// <summary>The windows written after the reload, less the first, which may have been closing as it happened.</summary>
    private List<Window> Settled(string tenant, int mark) => [.. _sinks.Windows(tenant).Skip(mark + Partitions)];

    /// <summary>Waits until the latest calls of every series add up to the spans received: nothing lost or doubled.</summary>
    private async Task WaitForAllSpansAsync(string tenant, Prometheus.Counter.Child received, double before) =>
        Assert.True(await WorkerHarness.WaitUntilAsync(() => received.Value > before && TotalCalls(tenant) == received.Value, Patience), $"calls {TotalCalls(tenant)}, spans {received.Value}");

    private double TotalCalls(string tenant)
    {
        var latest = new Dictionary<string, (long End, double Value)>(StringComparer.Ordinal);
        foreach (var s in _sinks.Windows(tenant).SelectMany(w => w.Samples).Where(s => s.Series.StartsWith(Calls, StringComparison.Ordinal)))
        {
            if (!latest.TryGetValue(s.Series, out var seen) || seen.End <= s.TimestampMs)
            {
                latest[s.Series] = (s.TimestampMs, s.Value);
            }
        }

        return latest.Values.Sum(v => v.Value);
    }

    /// <summary>The latest count of every latency histogram, added up.</summary>
    private static double NativeTotal(List<Window> windows)
    {
        var latest = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var h in windows.SelectMany(w => w.Histograms).Where(h => h.Series.StartsWith("traces_spanmetrics_latency{", StringComparison.Ordinal)))
        {
            latest[h.Series] = h.Count;
        }

        return latest.Values.Sum(c => (double)c);
    }

    private sealed record Window(long End, List<RecordedSample> Samples, List<RecordedHistogram> Histograms, List<(string Series, ExemplarSample Exemplar)> Exemplars);

    /// <summary>Keeps every written window of every tenant, each as one record (a collection writes one window at a time).</summary>
    private sealed class WindowSinks : ITenantSinks
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<Window>> _windows = new(StringComparer.Ordinal);

        public ISeriesAppender For(string tenant) => new Appender(_windows.GetOrAdd(tenant, _ => new ConcurrentQueue<Window>()));

        public List<Window> Windows(string tenant) => [.. _windows.GetOrAdd(tenant, _ => new ConcurrentQueue<Window>())];

        private sealed class Appender(ConcurrentQueue<Window> windows) : ISeriesAppender
        {
            private RecordingAppender _window = new();

            public void AppendSample(in LabelSet labels, long timestampMs, double value) => _window.AppendSample(labels, timestampMs, value);

            public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram) => _window.AppendHistogram(labels, histogram);

            public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar) => _window.AppendExemplar(seriesLabels, exemplar);

            public void Commit(long windowEndMs)
            {
                windows.Enqueue(new Window(windowEndMs, _window.Samples, _window.Histograms, _window.Exemplars));
                _window = new RecordingAppender();
            }
        }
    }
}
