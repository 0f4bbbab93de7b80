namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>A bad query request (HTTP 400): a parse error, a bad parameter or a range outside the local window.</summary>
public sealed class TraceQLQueryException : Exception
{
    public TraceQLQueryException()
    {
    }

    public TraceQLQueryException(string message)
        : base(message)
    {
    }

    public TraceQLQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
