using Prometheus;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>The counters of the series deltas one stage sends for one trigger, resolved once.</summary>
internal sealed class DeltaTraffic(string stage, string trigger)
{
    private readonly Counter.Child _records = GenerateMetrics.DeltaRecordsSent.WithLabels(stage, trigger);
    private readonly Counter.Child _bytes = GenerateMetrics.DeltaBytesSent.WithLabels(stage, trigger);
    private readonly Counter.Child _deltas = GenerateMetrics.DeltasSent.WithLabels(stage, trigger);

    public void Sent(int deltas, int bytes)
    {
        _records.Inc();
        _bytes.Inc(bytes);
        _deltas.Inc(deltas);
    }
}
