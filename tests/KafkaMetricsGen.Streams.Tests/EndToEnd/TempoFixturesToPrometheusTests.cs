using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Kafka;
using KafkaMetricsGen.TestKit.Prometheus;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.EndToEnd;

/// <summary>
/// Tempo's fixtures, re-timed to now, produced to the embedded broker as the OpenTelemetry Collector writes them
/// (otlp_proto, tenant header) and as Tempo's distributor does (push-bytes, key = tenant); the worker remote-writes
/// into a real Prometheus, where the values Tempo's own tests assert are queried back.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class TempoFixturesToPrometheusTests(KafkaFixture kafka, PrometheusServer prometheus) : IClassFixture<PrometheusServer>, IDisposable
{
    private const int Partitions = 2;
    private const string TenantLabel = "tenant";

    // Spans in trace-with-queue-database.json.
    private const int QueueTraceSpans = 19;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(50);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-e2e-").FullName;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Fixtures_in_both_record_formats_end_in_prometheus_with_tempos_values()
    {
        var otlpTopic = kafka.CreateUniqueTopic("otlp", Partitions);
        var pushTopic = kafka.CreateUniqueTopic("push", Partitions);
        var queueOtlp = Tenant("queue-otlp");
        var queuePush = Tenant("queue-push");
        var failed = Tenant("failed");
        var virtualNodes = Tenant("virtual");
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            ProduceOtlp(producer, otlpTopic, queueOtlp, Retimed("trace-with-queue-database.json", now));
            ProduceOtlp(producer, otlpTopic, failed, Retimed("trace-with-failed-requests.json", now));
            ProduceOtlp(producer, otlpTopic, virtualNodes, Retimed("trace-with-virtual-nodes.json", now));
            ProducePushBytes(producer, pushTopic, queuePush, Retimed("trace-with-queue-database.json", now));
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var config = WorkerHarness.FastConfig(
            spanMetrics: sm => sm.HistogramBuckets = [0.01, 0.02, 0.04, 0.08],
            serviceGraphs: sg =>
            {
                sg.HistogramBuckets = [0.04];
                sg.EnableMessagingSystemLatencyHistogram = true;
            });
        config.Registry.InjectTenantIdAs = TenantLabel;
        var remoteWrite = new RemoteWriteOptions();
        remoteWrite.RemoteWrite.Add(new RemoteWriteEndpointOptions { Url = prometheus.RemoteWriteUrl.ToString() });
        await using var sinks = new RemoteWriteSinks(remoteWrite, _ => null, TimeProvider.System);
        var inputs = new[] { new InputTopic(otlpTopic, Codecs.OtlpProto), new InputTopic(pushTopic, Codecs.PushBytes) };
        var topology = WorkerHarness.Topology(inputs, Partitions, config, sinks);

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("e2e"), _stateDir), topology))
        {
            // The virtual-node edges appear last: after `wait`, the expiry tick and the window close. The span metrics
            // of a tenant's 19 spans reach Prometheus in the remote writes of their own windows, not always with the
            // edges', so their sum is waited for too.
            Assert.True(
                await WaitForAsync(Edge(virtualNodes, "external-producer", "internal-consumer", "virtual_node"), 1)
                && await WaitForAsync(Edge(queuePush, "mythical-requester", "mythical-recorder", "messaging_system"), 1)
                && await WaitForAsync(Edge(failed, "mythical-server", "postgres", "database", "traces_service_graph_request_failed_total"), 1)
                && await WaitForAsync(Calls(queueOtlp), QueueTraceSpans)
                && await WaitForAsync(Calls(queuePush), QueueTraceSpans),
                "expected series did not reach Prometheus in time:\n" + prometheus.Log);
        }

        foreach (var tenant in (string[])[queueOtlp, queuePush])
        {
            Assert.Equal(1, await Query(Edge(tenant, "mythical-requester", "mythical-server")));
            Assert.Equal(1, await Query(Edge(tenant, "mythical-server", "postgres", "database")));
            Assert.Equal(1, await Query(Edge(tenant, "mythical-requester", "mythical-recorder", "messaging_system")));
            Assert.Null(await Query(Edge(tenant, "mythical-requester", "mythical-server", metric: "traces_service_graph_request_failed_total")));
            Assert.Equal(0.045834496, (await Query(Edge(tenant, "mythical-requester", "mythical-server", metric: "traces_service_graph_request_client_seconds_sum")))!.Value, 9);
            Assert.Equal(0, await Query(Bucket(tenant, "traces_service_graph_request_client_seconds_bucket", "0.04")));
            Assert.Equal(1, await Query(Bucket(tenant, "traces_service_graph_request_server_seconds_bucket", "0.04")));
            Assert.Equal(0.029986048, (await Query(Edge(tenant, "mythical-requester", "mythical-server", metric: "traces_service_graph_request_server_seconds_sum")))!.Value, 9);
            Assert.Equal(0.023781376, (await Query(Edge(tenant, "mythical-server", "postgres", "database", "traces_service_graph_request_server_seconds_sum")))!.Value, 9);
            Assert.Equal(0.0098816, (await Query(Edge(tenant, "mythical-requester", "mythical-recorder", "messaging_system", "traces_service_graph_request_messaging_system_seconds_sum")))!.Value, 12);
            Assert.Equal(QueueTraceSpans, await Query(Calls(tenant)));
        }

        Assert.Equal(1, await Query(Edge(failed, "mythical-requester", "mythical-server")));
        Assert.Equal(1, await Query(Edge(failed, "mythical-requester", "mythical-server", metric: "traces_service_graph_request_failed_total")));
        Assert.Equal(1, await Query(Edge(failed, "mythical-server", "postgres", "database")));
        Assert.Equal(1, await Query(Edge(virtualNodes, "user", "mythical-server", "virtual_node")));
        Assert.Equal(1, await Query(Edge(virtualNodes, "mythical-requester", "external-payments-platform", "virtual_node")));

        // The zero sample one interval before the first value lets increase() see the first request.
        var server = $"{TenantLabel}=\"{queueOtlp}\",service=\"mythical-server\",span_name=\"GET /:endpoint\"";
        Assert.True(await Query($"increase(traces_spanmetrics_calls_total{{{server}}}[1m])") >= 1);
        Assert.True(await Query($"increase({Edge(queueOtlp, "mythical-requester", "mythical-server")}[1m])") >= 1);

        // One observation of 0.029986 s in (0.02, 0.04]: the median interpolates to the bucket's middle.
        Assert.Equal(0.03, (await Query($"histogram_quantile(0.5, sum by (le) (traces_spanmetrics_latency_bucket{{{server}}}))"))!.Value, 9);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Tenant(string name) => $"{name}-{_run}";

    private static TracesData Retimed(string fixture, ulong latestEndUnixNano) => TempoFixtures.LoadRetimed(fixture, latestEndUnixNano);

    /// <summary>The OpenTelemetry Collector's Kafka exporter: an ExportTraceServiceRequest, the tenant in a header.</summary>
    private static void ProduceOtlp(IProducer<byte[], byte[]> producer, string topic, string tenant, TracesData traces) =>
        producer.Produce(topic, new Message<byte[], byte[]>
        {
            Key = [],
            Value = SyntheticRecordEncoder.Encode(traces, Codecs.OtlpProto),
            Headers = new Headers { { DecodeDefaults.TenantHeader, Encoding.UTF8.GetBytes(tenant) } },
        });

    /// <summary>Tempo's distributor: a PushBytesRequest with one Trace per trace id, the tenant as the key.</summary>
    private static void ProducePushBytes(IProducer<byte[], byte[]> producer, string topic, string tenant, TracesData traces) =>
        producer.Produce(topic, new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(tenant),
            Value = SyntheticRecordEncoder.ToPushBytes(traces).ToByteArray(),
        });

    private static string Edge(string tenant, string client, string server, string? connectionType = null, string metric = "traces_service_graph_request_total") =>
        $"{metric}{{{TenantLabel}=\"{tenant}\",client=\"{client}\",server=\"{server}\",connection_type=\"{connectionType ?? ""}\"}}";

    private static string Calls(string tenant) => $"sum(traces_spanmetrics_calls_total{{{TenantLabel}=\"{tenant}\"}})";

    private static string Bucket(string tenant, string metric, string le) =>
        $"{metric}{{{TenantLabel}=\"{tenant}\",client=\"mythical-requester\",server=\"mythical-server\",connection_type=\"\",le=\"{le}\"}}";

    private Task<double?> Query(string promql) => prometheus.QueryValueAsync(promql);

    private async Task<bool> WaitForAsync(string promql, double expected)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            if (await Query(promql) == expected)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }
}
