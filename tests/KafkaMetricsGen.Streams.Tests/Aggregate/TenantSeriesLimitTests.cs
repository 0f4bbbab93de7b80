using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Kafka;
using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// <c>max_active_series</c>, or <c>max_active_entities</c> with <c>limiter_type: entity</c>, holds for the tenant as a
/// whole: four aggregate tasks each keep to their share, send what they refuse to the tenant's one overflow writer, and
/// the tenant's active-series and active-entities gauges are the sums over the tasks.
/// </summary>
[Collection(KafkaLimitsCollection.Name)]
public sealed class TenantSeriesLimitTests(KafkaFixture kafka, PrometheusServer prometheus) : IClassFixture<PrometheusServer>, IDisposable
{
    private const int Partitions = 4;
    private const int Limit = 10;
    private const string TenantLabel = "tenant";
    private const string Calls = "traces_spanmetrics_calls_total";
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-limit-").FullName;

    [Theory]
    [InlineData(LimiterType.Series)]
    [InlineData(LimiterType.Entity)]
    public async Task A_tenant_over_its_limit_writes_no_more_than_the_limit_over_all_series_partitions(LimiterType limiter)
    {
        var tenant = "limited-" + Guid.NewGuid().ToString("N")[..8];
        var topic = kafka.CreateUniqueTopic("limit", Partitions);
        var fast = WorkerHarness.FastConfig();
        fast.Registry.LimiterType = limiter;
        if (limiter == LimiterType.Entity)
        {
            // Only the calls counter is generated, so each entity is one series.
            fast.Registry.MaxActiveEntities = Limit;
        }
        else
        {
            fast.Registry.MaxActiveSeries = Limit;
        }

        fast.Registry.InjectTenantIdAs = TenantLabel;
        var config = new TenantPipelineConfig { Registry = fast.Registry, SpanMetrics = fast.SpanMetrics, SpanMetricsSubprocessors = SpanMetricsSubprocessor.Count };
        var remoteWrite = new RemoteWriteOptions();
        remoteWrite.RemoteWrite.Add(new RemoteWriteEndpointOptions { Url = prometheus.RemoteWriteUrl.ToString() });
        await using var sinks = new RemoteWriteSinks(remoteWrite, _ => null, TimeProvider.System);
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, config, sinks);
        var active = RegistryMetrics.ActiveSeries.WithLabels(tenant);
        var entities = LimiterMetrics.ActiveEntities.WithLabels(tenant);
        double regular, overflow, regularTotal, overflowTotal, spans;

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("limit"), _stateDir), topology))
        {
            WorkerHarness.ProduceTraces(kafka, topic, 200, tenant);
            var received = SelfMetrics.SpansReceived.WithLabels(tenant);
            Assert.True(
                await Loopback.PollAsync(async () => received.Value > 0 && await Query($"sum({Series(tenant)})") == received.Value, TimeSpan.FromSeconds(90)),
                "the spans did not all reach Prometheus:\n" + prometheus.Log);

            spans = received.Value;
            regular = await Query($"count({Series(tenant, "metric_overflow=\"\"")})") ?? 0;
            overflow = await Query($"count({Series(tenant, "metric_overflow=\"true\"")})") ?? 0;
            regularTotal = await Query($"sum({Series(tenant, "metric_overflow=\"\"")})") ?? 0;
            overflowTotal = await Query($"sum({Series(tenant, "metric_overflow=\"true\"")})") ?? 0;

            // The gauge of this instance sums its four tasks: every series in Prometheus, overflow series included.
            Assert.True(await WorkerHarness.WaitUntilAsync(() => active.Value == regular + overflow, TimeSpan.FromSeconds(30)), $"active series {active.Value}, in Prometheus {regular} + {overflow}");
            Assert.Equal(limiter == LimiterType.Entity ? regular : 0, entities.Value);
        }

        // The partitions' shares (3, 3, 2, 2) add up to the limit; the synthetic traces have far more series than that.
        Assert.Equal(Limit, regular);

        // However many partitions overflowed, the tenant has one overflow series of the metric, without a partition label:
        // one writer, holding every refused increment.
        Assert.Equal(1, overflow);
        Assert.Null(await Query($"count({Series(tenant, $"{RegistryLabels.MetricsGenInstance}!=\"\"")})"));
        Assert.Equal(spans - regularTotal, overflowTotal);
        Assert.True(overflowTotal > 0);

        // Closed tasks take their series out of the gauge.
        Assert.Equal(0, active.Value);
        Assert.Equal(0, entities.Value);
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    private static string Series(string tenant, string? matcher = null) =>
        $"{Calls}{{{TenantLabel}=\"{tenant}\"{(matcher is null ? "" : "," + matcher)}}}";

    private Task<double?> Query(string promql) => prometheus.QueryValueAsync(promql);
}
