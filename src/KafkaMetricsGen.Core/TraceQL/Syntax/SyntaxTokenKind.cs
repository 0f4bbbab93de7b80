namespace KafkaMetricsGen.Core.TraceQL.Syntax;

public enum SyntaxTokenKind : byte
{
    End,
    OpenBrace,
    CloseBrace,
    OpenParen,
    CloseParen,
    Comma,
    Operator,
    String,
    Integer,
    Float,
    Duration,
    Word,
    Attribute,
}
