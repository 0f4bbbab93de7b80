namespace KafkaMetricsGen.Core.TraceQL;

/// <summary><c>topk(n)</c> (<see cref="Top"/> true) or <c>bottomk(n)</c>: per timestamp, keep the n highest or lowest series.</summary>
public sealed record SecondStage(bool Top, int Limit);
