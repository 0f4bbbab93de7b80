namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>A query using a construct Tempo's TraceQL parses but does not support (the message names it).</summary>
public sealed class TraceQLUnsupportedException : Exception
{
    public TraceQLUnsupportedException()
    {
    }

    public TraceQLUnsupportedException(string message)
        : base(message)
    {
    }

    public TraceQLUnsupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
