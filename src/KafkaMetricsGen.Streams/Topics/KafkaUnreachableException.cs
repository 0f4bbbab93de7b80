namespace KafkaMetricsGen.Streams.Topics;

/// <summary>Kafka did not answer at <c>kafka.bootstrap_servers</c>; the message names the key and the address.</summary>
public sealed class KafkaUnreachableException : Exception
{
    public KafkaUnreachableException()
    {
    }

    public KafkaUnreachableException(string message)
        : base(message)
    {
    }

    public KafkaUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
