namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>A token of the full grammar; attributes carry their scope prefix (<c>span.</c>, <c>.</c>, <c>parent.</c>, ...).</summary>
public readonly record struct SyntaxToken(SyntaxTokenKind Kind, string Text, int Position, string Scope = "", double Number = 0, long Int = 0)
{
    public string Describe() => Kind switch
    {
        SyntaxTokenKind.End => "end of input",
        SyntaxTokenKind.String => "string \"" + Text + "\"",
        SyntaxTokenKind.Attribute => "attribute " + Scope + Text,
        _ => "'" + Text + "'",
    };
}
