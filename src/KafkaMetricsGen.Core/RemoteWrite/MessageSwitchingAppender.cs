using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// For a <c>protobuf_message: io.prometheus.write.v2.Request</c> entry: encodes each collection as 2.0 while the
/// queue sends 2.0, and as 1.0 once the queue has found the receiver speaks only 1.0. The choice is made when a
/// collection starts, so a collection is never split between the two encoders.
/// </summary>
internal sealed class MessageSwitchingAppender : ISeriesAppender
{
    private readonly ISeriesAppender _v1;
    private readonly ISeriesAppender _v2;
    private readonly RemoteWriteQueue _queue;
    private ISeriesAppender? _current;

    public MessageSwitchingAppender(ISeriesAppender v1, ISeriesAppender v2, RemoteWriteQueue queue)
    {
        _v1 = v1;
        _v2 = v2;
        _queue = queue;
    }

    public void AppendSample(in LabelSet labels, long timestampMs, double value) => Current().AppendSample(labels, timestampMs, value);

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram) => Current().AppendHistogram(labels, histogram);

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar) => Current().AppendExemplar(seriesLabels, exemplar);

    public void Commit(long windowEndMs)
    {
        Current().Commit(windowEndMs);
        _current = null;
    }

    private ISeriesAppender Current() => _current ??= _queue.Message == RemoteWriteMessage.V2 ? _v2 : _v1;
}
