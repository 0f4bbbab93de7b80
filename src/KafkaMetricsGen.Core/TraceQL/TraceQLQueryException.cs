namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A refused query request: HTTP 400 for a parse error, a bad parameter or a range outside the local window; 422
/// (<see cref="StatusCode"/>) for a valid query over a limit (series, deadline).
/// </summary>
public sealed class TraceQLQueryException : Exception
{
    /// <summary>HTTP 422: the request is well formed but its answer would cross a limit.</summary>
    public const int LimitStatusCode = 422;

    public TraceQLQueryException(string message, int statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public TraceQLQueryException(string message, Exception innerException, int statusCode)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

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

    /// <summary>The HTTP status of the refusal: 400, or 422 for a limit.</summary>
    public int StatusCode { get; } = 400;
}
