namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>One attribute of a stored span or resource; keys are interned so lookups compare references first.</summary>
public readonly record struct StoredAttribute(string Key, StaticValue Value);
