using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.Core.Registry.Sanitizer;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.EndToEnd;

/// <summary>
/// <c>max_cardinality_per_label</c> through the worker on the embedded broker: a tenant with a limit of 3 sends ten span
/// names; once the limiter has re-read its estimates (15 s later), new span names arrive as
/// <c>__cardinality_overflow__</c> while the service label and the host-info gauge keep their values. With
/// <c>span_name_sanitization: enabled</c>, names arrive as their DRAIN pattern.
/// </summary>
[Collection(KafkaLimitsCollection.Name)]
public sealed class PerLabelLimiterTests(KafkaFixture kafka) : IDisposable
{
    private const string Service = "limited";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-per-label-").FullName;
    private readonly string _tenant = "per-label-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Span_names_over_the_limit_reach_the_sink_as_the_overflow_value()
    {
        var topic = kafka.CreateUniqueTopic("per-label", 1);
        var sink = new LatestValuesSink();
        var fast = WorkerHarness.FastConfig();
        fast.Registry.MaxCardinalityPerLabel = 3;
        var config = new Tenancy.TenantPipelineConfig { Registry = fast.Registry, SpanMetrics = fast.SpanMetrics, HostInfo = new HostInfoOptions() };
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], 1, config, sink);
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("per-label"), _stateDir), topology))
        {
            Produce(producer, topic, "before", 10);
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, name => name.StartsWith("before-", StringComparison.Ordinal)) == 10, Timeout), Report(sink));

            // The estimates are re-read by the first observation 15 s after the limiter started.
            await Task.Delay(LimiterDefaults.DemandUpdateInterval + TimeSpan.FromSeconds(1));
            Produce(producer, topic, "after", 5);
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, name => name == LimiterDefaults.OverflowValue) == 5, Timeout), Report(sink));
        }

        Assert.Equal(0, Calls(sink, name => name.StartsWith("after-", StringComparison.Ordinal)));
        Assert.All(sink.Samples(_tenant).Where(s => s.Metric == SpanMetricsMetricNames.Calls), s => Assert.Equal(Service, s.Label("service")));
        var host = Assert.Single(sink.Samples(_tenant), s => s.Metric == HostInfoDefaults.MetricName);
        Assert.Equal("node-1", host.Label(HostInfoLabelNames.GrafanaHostId));
    }

    [Fact]
    public async Task The_limit_holds_for_the_tenant_across_the_decode_tasks_of_an_instance()
    {
        // Four input partitions, so four decode tasks each see a quarter of the span names: never more than the limit of
        // 3 on their own, 12 together. Each task publishes its sketches on its demand tick and reads the tenant's union
        // back, so after every task has ticked once (the "mid" round), a task's new names overflow.
        const int partitions = 4;
        var topic = kafka.CreateUniqueTopic("per-label-tasks", partitions);
        var sink = new LatestValuesSink();
        var fast = WorkerHarness.FastConfig();
        fast.Registry.MaxCardinalityPerLabel = 3;
        var config = new Tenancy.TenantPipelineConfig { Registry = fast.Registry, SpanMetrics = fast.SpanMetrics };
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], 1, config, sink);
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("per-label-tasks"), _stateDir), topology))
        {
            for (var p = 0; p < partitions; p++)
            {
                Produce(producer, topic, "before-" + p, 2, p);
            }

            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, name => name.StartsWith("before-", StringComparison.Ordinal)) == 8, Timeout), Report(sink));
            await Task.Delay(LimiterDefaults.DemandUpdateInterval + TimeSpan.FromSeconds(1));
            for (var p = 0; p < partitions; p++)
            {
                Produce(producer, topic, "mid-" + p, 1, p);
            }

            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, _ => true) == 12, Timeout), Report(sink));
            await Task.Delay(LimiterDefaults.DemandUpdateInterval + TimeSpan.FromSeconds(1));
            for (var p = 0; p < partitions; p++)
            {
                Produce(producer, topic, "after-" + p, 1, p);
            }

            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, _ => true) == 16, Timeout), Report(sink));
        }

        // Each task holds 3 names of its own, under the limit; only the tenant's union of 12 is over it.
        Assert.Equal(0, Calls(sink, name => name.StartsWith("after-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Span_names_reach_the_sink_as_their_pattern_when_sanitization_is_enabled()
    {
        var topic = kafka.CreateUniqueTopic("sanitized", 1);
        var sink = new LatestValuesSink();
        var fast = WorkerHarness.FastConfig();
        fast.Registry.SpanNameSanitization = SpanNameSanitization.Enabled;
        var config = new Tenancy.TenantPipelineConfig { Registry = fast.Registry, SpanMetrics = fast.SpanMetrics, HostInfo = new HostInfoOptions() };
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], 1, config, sink);
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("sanitized"), _stateDir), topology))
        {
            Produce(producer, topic, "GET /api/users", 10);
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Calls(sink, _ => true) == 10, Timeout), Report(sink));
        }

        // The first name starts the pattern before any other widened it; the other nine share it.
        Assert.Equal(9, Calls(sink, name => name == "GET /api/users/<_>"));
        Assert.Equal(1, Calls(sink, name => name == "GET /api/users/0"));
        Assert.Single(sink.Samples(_tenant), s => s.Metric == HostInfoDefaults.MetricName);
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    private double Calls(LatestValuesSink sink, Func<string, bool> spanName) =>
        sink.Samples(_tenant).Where(s => s.Metric == SpanMetricsMetricNames.Calls && spanName(s.Label("span_name") ?? string.Empty)).Sum(s => s.Value);

    private string Report(LatestValuesSink sink) =>
        string.Join("\n", sink.Samples(_tenant).Select(s => $"{s.Metric} {string.Join(',', s.Labels.Select(l => l.Key + "=" + l.Value))} {s.Value}"));

    private void Produce(IProducer<byte[], byte[]> producer, string topic, string prefix, int names, int partition = 0)
    {
        var now = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100UL;
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = Service } });
        resource.Resource.Attributes.Add(new KeyValue { Key = "host.id", Value = new AnyValue { StringValue = "node-1" } });
        var scope = new ScopeSpans();
        for (var i = 0; i < names; i++)
        {
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]),
                Name = prefix.Contains('/', StringComparison.Ordinal) ? $"{prefix}/{i}" : $"{prefix}-{i}",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = now - 1_000_000,
                EndTimeUnixNano = now,
            });
        }

        resource.ScopeSpans.Add(scope);
        var traces = new TracesData();
        traces.ResourceSpans.Add(resource);
        producer.Produce(new TopicPartition(topic, new Partition(partition)), new Message<byte[], byte[]>
        {
            Key = Guid.NewGuid().ToByteArray(),
            Value = traces.ToByteArray(),
            Headers = new Headers { { DecodeDefaults.TenantHeader, Encoding.UTF8.GetBytes(_tenant) } },
        });
        producer.Flush(TimeSpan.FromSeconds(30));
    }
}
