using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Offline;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Tests.Offline;

public sealed class OfflinePipelineTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Process_applies_the_tenant_sanitizer_and_runs_host_info()
    {
        var resolver = new TenantSettingsResolver(
            YamlConfigReader.Parse("registry: {collection_interval: 15s}", "config"),
            YamlConfigReader.Parse("processors: [span-metrics, host-info]\nspan_name_sanitization: enabled\nmax_cardinality_per_label: 100", "defaults"));
        var settings = resolver.Resolve("t-offline", OverridesFile.Empty);
        using var pipeline = new OfflinePipeline(settings, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        pipeline.Push(SpanBatchFactory.From(Traces(), "t-offline"));
        var output = new RecordingAppender();

        pipeline.Finish(output);

        var series = output.Samples.Select(s => s.Series).Distinct().ToList();
        Assert.Contains(series, s => s.StartsWith("traces_spanmetrics_calls_total{", StringComparison.Ordinal) && s.Contains("span_name=\"GET /users/<_>\"", StringComparison.Ordinal));
        Assert.Contains(series, s => s.StartsWith(HostInfoDefaults.MetricName + "{", StringComparison.Ordinal) && s.Contains("grafana_host_id=\"node-1\"", StringComparison.Ordinal));
        Assert.Equal(100, pipeline.Registry.Deltas.Options.MaxCardinalityPerLabel);
    }

    private static TracesData Traces()
    {
        var end = (ulong)Now.ToUnixTimeMilliseconds() * 1_000_000UL;
        var resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "api" } }, new KeyValue { Key = "host.id", Value = new AnyValue { StringValue = "node-1" } } } };
        var scope = new ScopeSpans();
        for (var i = 0; i < 3; i++)
        {
            scope.Spans.Add(new Span
            {
                TraceId = Google.Protobuf.ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = Google.Protobuf.ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]),
                Name = "GET /users/" + i,
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = end - 1_000_000,
                EndTimeUnixNano = end,
            });
        }

        var traces = new TracesData();
        traces.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        return traces;
    }
}
