using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>One span's update of its edge, passed by value to the store so the hot path has no closure.</summary>
internal readonly struct SpanSideUpdate(
    EdgeWriter writer, EdgeEmitter emitter, SpanBatch batch, int resourceIndex, int spanIndex, string service, double multiplier, EdgeSide side, DateTimeOffset now)
    : IEdgeUpdate
{
    public DateTimeOffset? Now => now;

    public void Apply(Edge edge) => writer.Apply(edge, side, batch, resourceIndex, in batch.Span(spanIndex), service, multiplier);

    public void Complete(Edge edge) => emitter.Emit(edge);
}
