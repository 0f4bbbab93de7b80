using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// What the processor derives once per ResourceSpans: the <c>service</c> label, <c>job</c>
/// (<c>namespace/name</c>, or the name alone, or "" without a name) and <c>instance</c> (service.instance.id).
/// The first occurrence of each attribute wins.
/// </summary>
internal readonly record struct ResourceLabels(string Service, string Job, string Instance)
{
    public static ResourceLabels Read(SpanBatch batch, int resourceIndex, JobNameCache jobs)
    {
        var attributes = batch.ResourceAttributes(resourceIndex);
        var service = batch.TryFind(attributes, ResourceAttributeKeys.ServiceName, out var a) ? LabelValues.Text(batch, a) : string.Empty;
        var ns = batch.TryFind(attributes, ResourceAttributeKeys.ServiceNamespace, out a) ? LabelValues.Text(batch, a) : string.Empty;
        var instance = batch.TryFind(attributes, ResourceAttributeKeys.ServiceInstanceId, out a) ? LabelValues.Text(batch, a) : string.Empty;
        return new ResourceLabels(service, jobs.Job(ns, service), instance);
    }
}
