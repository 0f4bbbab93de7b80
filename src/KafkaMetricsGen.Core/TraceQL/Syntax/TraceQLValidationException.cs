namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>A query that parses but does not validate (types, limits), as Tempo's validate step refuses it.</summary>
public sealed class TraceQLValidationException : Exception
{
    public TraceQLValidationException()
    {
    }

    public TraceQLValidationException(string message)
        : base(message)
    {
    }

    public TraceQLValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
