namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>One partition's lag: records not yet committed by the group and the age of the oldest of them.</summary>
public readonly record struct PartitionLag(string Topic, int Partition, long Records, double Seconds);
