namespace KafkaMetricsGen.Demo;

/// <summary>The demo page's RED table: rates over the last <paramref name="WindowSeconds"/> of event time.</summary>
public sealed record DemoRed(double WindowSeconds, IReadOnlyList<DemoRedRow> Rows);
