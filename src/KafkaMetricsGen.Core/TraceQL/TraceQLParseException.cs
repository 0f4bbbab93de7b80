namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>A query that does not parse; the message carries the 1-based line and column, as Tempo's does.</summary>
public sealed class TraceQLParseException : Exception
{
    public TraceQLParseException(int line, int column, string detail)
        : base($"parse error at line {line}, col {column}: {detail}")
    {
        Line = line;
        Column = column;
    }

    public TraceQLParseException()
    {
    }

    public TraceQLParseException(string message)
        : base(message)
    {
    }

    public TraceQLParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Line { get; }

    public int Column { get; }
}
