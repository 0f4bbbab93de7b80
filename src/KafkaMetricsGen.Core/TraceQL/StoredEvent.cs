namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>One event of a stored span (<c>event:name</c>, <c>event:timeSinceStart</c>, <c>event.x</c>); time in Unix nanoseconds.</summary>
public readonly record struct StoredEvent(string Name, ulong TimeUnixNano, StoredAttribute[] Attributes);
