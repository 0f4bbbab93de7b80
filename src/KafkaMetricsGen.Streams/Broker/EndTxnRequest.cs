namespace KafkaMetricsGen.Streams.Broker;

/// <summary>An EndTxn request: the producer commits (or aborts) its ongoing transaction.</summary>
internal sealed record EndTxnRequest(short ApiVersion, string TransactionalId, long ProducerId, short ProducerEpoch, bool Committed);
