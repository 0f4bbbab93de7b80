namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>
/// The front door of every query: parse the full grammar, validate as Tempo does, compile for the engine. Each
/// refusal is a <see cref="TraceQLQueryException"/> (HTTP 400): a parse error with line and column, a validation error, or
/// "unsupported: ..." naming the construct, whether Tempo itself does not support it or only this engine does not yet.
/// </summary>
public static class TraceQLQueryCheck
{
    public static TraceQLQuery Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var tree = TraceQLSyntaxParser.Parse(text);
            TraceQLSyntaxValidator.Validate(tree);
            return TraceQLCompiler.Compile(tree);
        }
        catch (TraceQLParseException e)
        {
            throw new TraceQLQueryException(e.Message, e);
        }
        catch (TraceQLValidationException e)
        {
            throw new TraceQLQueryException("invalid query: " + e.Message, e);
        }
        catch (TraceQLUnsupportedException e)
        {
            throw new TraceQLQueryException(e.Message, e);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new TraceQLQueryException("query is too deeply nested to check (the nesting limit): split it or remove parentheses", e);
        }
    }
}
