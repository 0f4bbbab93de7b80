using KafkaMetricsGen.Core.Ingest;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.TestKit;

/// <summary>Builds span batches for tests from Google.Protobuf OTLP objects.</summary>
public static class SpanBatchFactory
{
    public static SpanBatch From(TracesData traces, string tenant = "test-tenant")
    {
        var batch = new SpanBatch { Tenant = tenant };
        var result = OtlpMessageConverter.Append(batch, traces);
        if (!result.Success)
        {
            throw new InvalidOperationException("test data does not convert: " + result);
        }

        batch.Tenant = tenant;
        return batch;
    }

    public static SpanBatch From(ResourceSpans resourceSpans, string tenant = "test-tenant")
    {
        var traces = new TracesData();
        traces.ResourceSpans.Add(resourceSpans);
        return From(traces, tenant);
    }
}
