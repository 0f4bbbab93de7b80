using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>One span's update of its edge: one instance per processor, set to each span before its upsert.</summary>
internal sealed class SpanSideUpdate(EdgeWriter writer, EdgeEmitter emitter) : IEdgeUpdate
{
    private SpanBatch _batch = null!;
    private int _resourceIndex;
    private int _spanIndex;
    private string _service = string.Empty;
    private double _multiplier;
    private EdgeSide _side;
    private DateTimeOffset _now;

    public DateTimeOffset? Now => _now;

    /// <summary>Points the update at a span; the batch stays the caller's.</summary>
    public SpanSideUpdate Set(SpanBatch batch, int resourceIndex, int spanIndex, string service, double multiplier, EdgeSide side, DateTimeOffset now)
    {
        _batch = batch;
        _resourceIndex = resourceIndex;
        _spanIndex = spanIndex;
        _service = service;
        _multiplier = multiplier;
        _side = side;
        _now = now;
        return this;
    }

    public void Apply(Edge edge) => writer.Apply(edge, _side, _batch, _resourceIndex, in _batch.Span(_spanIndex), _service, _multiplier);

    public void Complete(Edge edge) => emitter.Emit(edge);
}
