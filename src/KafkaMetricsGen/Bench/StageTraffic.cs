using System.Globalization;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Generate;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// What went between the stages in a pass, from the self-metrics (process-wide, so a pass is the difference of two
/// readings): the spans sent through the spans-by-trace hop and processed after it, series-deltas records, bytes and
/// deltas by sender and trigger, the aggregate stage's state puts and bytes by entry, and the edge store's entries and
/// edges written.
/// </summary>
internal sealed record StageTraffic(double HopSent, double HopProcessed, double[] Records, double[] Bytes, double[] Deltas, double[] Puts, double[] PutBytes, double EdgePuts, double EdgeDeletes, double EdgesWritten)
{
    private static readonly (string Stage, string Trigger)[] Senders =
    [
        (GenerateMetrics.StageDecode, GenerateMetrics.TriggerWindowClosed),
        (GenerateMetrics.StageDecode, GenerateMetrics.TriggerCommit),
        (GenerateMetrics.StageGenerate, GenerateMetrics.TriggerWindowClosed),
        (GenerateMetrics.StageGenerate, GenerateMetrics.TriggerCommit),
    ];

    private static readonly string[] Entries = [AggregateMetrics.EntryPending, AggregateMetrics.EntrySeries, AggregateMetrics.EntryClosed, AggregateMetrics.EntryWatermark];

    public static StageTraffic Now(string tenant) => new(
        GenerateMetrics.SpansSentByTrace.WithLabels(tenant).Value,
        GenerateMetrics.SpansProcessedByTrace.WithLabels(tenant).Value,
        Senders.Select(s => GenerateMetrics.DeltaRecordsSent.WithLabels(s.Stage, s.Trigger).Value).ToArray(),
        Senders.Select(s => GenerateMetrics.DeltaBytesSent.WithLabels(s.Stage, s.Trigger).Value).ToArray(),
        Senders.Select(s => GenerateMetrics.DeltasSent.WithLabels(s.Stage, s.Trigger).Value).ToArray(),
        Entries.Select(e => AggregateMetrics.StatePuts.WithLabels(e).Value).ToArray(),
        Entries.Select(e => AggregateMetrics.StatePutBytes.WithLabels(e).Value).ToArray(),
        EdgeStoreMetrics.Puts.WithLabels(tenant).Value,
        EdgeStoreMetrics.Deletes.WithLabels(tenant).Value,
        EdgeStoreMetrics.EdgesWritten.WithLabels(tenant).Value);

    /// <summary>One line: the traffic since <paramref name="start"/>.</summary>
    public string Since(StageTraffic start, long spans)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"spans through the hop (sent, processed): {HopSent - start.HopSent:0}, {HopProcessed - start.HopProcessed:0}; series deltas (records, KiB, deltas):");
        for (var i = 0; i < Senders.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Senders[i].Stage}/{Senders[i].Trigger} {Records[i] - start.Records[i]:0}, {(Bytes[i] - start.Bytes[i]) / 1024:0}, {Deltas[i] - start.Deltas[i]:0};");
        }

        text.Append(" aggregate state puts (puts, KiB):");
        for (var i = 0; i < Entries.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Entries[i]} {Puts[i] - start.Puts[i]:0}, {(PutBytes[i] - start.PutBytes[i]) / 1024:0};");
        }

        var bytes = Bytes.Sum() - start.Bytes.Sum();
        text.Append(CultureInfo.InvariantCulture, $" edge store: puts {EdgePuts - start.EdgePuts:0}, deletes {EdgeDeletes - start.EdgeDeletes:0}, edges written {EdgesWritten - start.EdgesWritten:0}; deltas {bytes / spans:0.0} B/span");
        return text.ToString();
    }
}
