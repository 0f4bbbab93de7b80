namespace KafkaMetricsGen.Core.TraceQL;

public enum TokenKind : byte
{
    End,
    OpenBrace,
    CloseBrace,
    OpenParen,
    CloseParen,
    Comma,
    Pipe,
    And,
    Or,
    Not,
    Operator,
    String,
    Integer,
    Float,
    Duration,
    Word,
    Attribute,
}
