namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>
/// The front door of every query: parse the full grammar and validate as Tempo does, then parse for the evaluator. Each
/// refusal is a <see cref="TraceQLQueryException"/> (HTTP 400): a parse error with line and column, a validation error, or
/// "unsupported: ..." naming the construct, whether Tempo itself does not support it or only this evaluator does not yet.
/// </summary>
public static class TraceQLQueryCheck
{
    public static TraceQLQuery Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        SyntaxNode tree;
        try
        {
            tree = TraceQLSyntaxParser.Parse(text);
            TraceQLSyntaxValidator.Validate(tree);
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

        try
        {
            return TraceQLParser.Parse(text);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new TraceQLQueryException("query is too deeply nested to evaluate (the nesting limit)", e);
        }
        catch (TraceQLParseException e)
        {
            string? construct;
            try
            {
                construct = LocalEvaluationSupport.FirstUnsupported(tree);
            }
            catch (InsufficientExecutionStackException)
            {
                construct = null;
            }

            throw new TraceQLQueryException(
                construct is null
                    ? $"unsupported: the query is valid TraceQL but not evaluated over local blocks yet ({e.Message})"
                    : $"unsupported: {construct} is valid TraceQL but not evaluated over local blocks yet",
                e);
        }
    }
}
