namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A lexed token. <see cref="Text"/> is the word, the unquoted string, the attribute name, or the operator;
/// <see cref="Scope"/> applies to attributes; <see cref="Position"/> is the 0-based offset (errors report line/column).
/// </summary>
public readonly record struct Token(TokenKind Kind, string Text, int Position, AttributeScope Scope = AttributeScope.None, double Number = 0, long Int = 0)
{
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.String => "string \"" + Text + "\"",
        TokenKind.Attribute => "attribute " + Text,
        _ => "'" + Text + "'",
    };
}
