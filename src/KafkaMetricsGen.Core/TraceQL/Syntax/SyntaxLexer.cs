using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>
/// Tokens of Tempo's TraceQL lexer: every operator (arithmetic, structural, negated and union forms), numbers without
/// sign (minus is an operator), durations, strings, words (<c>span:id</c> is one word) and attributes with their scope.
/// An attribute name runs to whitespace or one of <c>{}()=~!&lt;&gt;&amp;|^,</c>, or is quoted.
/// </summary>
public sealed class SyntaxLexer(string text)
{
    private static readonly string[] Operators =
    [
        "&>>", "&<<", "!>>", "!<<", "&&", "||", "!=", "!~", "!>", "!<", "=~", ">=", ">>", "<=", "<<", "&>", "&<", "&~",
        "|", "!", "=", ">", "<", "~", "+", "-", "*", "/", "%", "^",
    ];

    private static readonly HashSet<string> Scopes = new(StringComparer.Ordinal) { "span", "resource", "event", "link", "instrumentation", "parent" };

    private int _pos;

    public List<SyntaxToken> Tokenize()
    {
        var tokens = new List<SyntaxToken>();
        while (true)
        {
            var t = Next();
            tokens.Add(t);
            if (t.Kind == SyntaxTokenKind.End)
            {
                return tokens;
            }
        }
    }

    /// <summary>The 1-based line and column of a position in a query, for error messages.</summary>
    public static (int Line, int Column) LineColumnOf(string text, int position)
    {
        ArgumentNullException.ThrowIfNull(text);
        int line = 1, col = 1;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                col = 1;
            }
            else
            {
                col++;
            }
        }

        return (line, col);
    }

    private TraceQLParseException Error(int position, string detail)
    {
        var (line, col) = LineColumnOf(text, position);
        return new TraceQLParseException(line, col, detail);
    }

    private bool Peek(char c, int offset = 0) => _pos + offset < text.Length && text[_pos + offset] == c;

    private SyntaxToken Next()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
        {
            _pos++;
        }

        if (_pos >= text.Length)
        {
            return new SyntaxToken(SyntaxTokenKind.End, string.Empty, _pos);
        }

        var start = _pos;
        var c = text[_pos];
        switch (c)
        {
            case '{': _pos++; return new SyntaxToken(SyntaxTokenKind.OpenBrace, "{", start);
            case '}': _pos++; return new SyntaxToken(SyntaxTokenKind.CloseBrace, "}", start);
            case '(': _pos++; return new SyntaxToken(SyntaxTokenKind.OpenParen, "(", start);
            case ')': _pos++; return new SyntaxToken(SyntaxTokenKind.CloseParen, ")", start);
            case ',': _pos++; return new SyntaxToken(SyntaxTokenKind.Comma, ",", start);
            case '"': return new SyntaxToken(SyntaxTokenKind.String, ReadQuoted(), start);
            case '`': return new SyntaxToken(SyntaxTokenKind.String, ReadBackquoted(), start);
        }

        if (c == '.' && !(_pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1])))
        {
            _pos++;
            return ReadAttribute(start, ".");
        }

        if (char.IsAsciiDigit(c) || c == '.')
        {
            return ReadNumber(start);
        }

        if (char.IsLetter(c) || c == '_')
        {
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or ':'))
            {
                _pos++;
            }

            var word = text[start.._pos];
            if (Peek('.') && Scopes.Contains(word))
            {
                _pos++;
                if (word == "parent" && (StartsWith("span.") || StartsWith("resource.")))
                {
                    var inner = text[_pos] == 's' ? "span." : "resource.";
                    _pos += inner.Length;
                    return ReadAttribute(start, "parent." + inner);
                }

                return ReadAttribute(start, word + ".");
            }

            return new SyntaxToken(SyntaxTokenKind.Word, word, start);
        }

        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return new SyntaxToken(SyntaxTokenKind.Operator, op, start);
            }
        }

        throw Error(start, $"unexpected character '{c}'");
    }

    private bool StartsWith(string s) => string.CompareOrdinal(text, _pos, s, 0, s.Length) == 0;

    private SyntaxToken ReadAttribute(int start, string scope)
    {
        string name;
        if (Peek('"'))
        {
            name = ReadQuoted();
        }
        else
        {
            var nameStart = _pos;
            while (_pos < text.Length && IsAttributeChar(text[_pos]))
            {
                _pos++;
            }

            name = text[nameStart.._pos];
        }

        if (name.Length == 0)
        {
            throw Error(_pos, "expected an attribute name after '" + scope + "'");
        }

        return new SyntaxToken(SyntaxTokenKind.Attribute, name, start, scope);
    }

    private static bool IsAttributeChar(char c) =>
        !char.IsWhiteSpace(c) && c is not ('{' or '}' or '(' or ')' or '=' or '~' or '!' or '<' or '>' or '&' or '|' or '^' or ',');

    private SyntaxToken ReadNumber(int start)
    {
        while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] == '.'
            || (text[_pos] is 'e' or 'E' && _pos + 1 < text.Length && (char.IsAsciiDigit(text[_pos + 1]) || text[_pos + 1] is '+' or '-'))))
        {
            if (text[_pos] is 'e' or 'E')
            {
                _pos++;
            }

            _pos++;
        }

        var numberEnd = _pos;
        while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is 'µ' or '.'))
        {
            _pos++;
        }

        var number = text[start..numberEnd];
        var unit = text[numberEnd.._pos];
        if (unit.Length > 0)
        {
            if (!GoDurations.TryParse(text[start.._pos], prometheus: false, out var ns))
            {
                throw Error(start, $"invalid duration '{text[start.._pos]}'");
            }

            return new SyntaxToken(SyntaxTokenKind.Duration, text[start.._pos], start, Int: ns, Number: ns);
        }

        if (!number.Contains('.', StringComparison.Ordinal) && !number.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                ? new SyntaxToken(SyntaxTokenKind.Integer, number, start, Number: i, Int: i)
                : throw Error(start, $"integer '{number}' overflows 64 bits");
        }

        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? new SyntaxToken(SyntaxTokenKind.Float, number, start, Number: d)
            : throw Error(start, $"invalid number '{number}'");
    }

    private string ReadQuoted()
    {
        var start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (_pos < text.Length && text[_pos] != '"')
        {
            if (text[_pos] == '\\' && _pos + 1 < text.Length)
            {
                _pos++;
                sb.Append(text[_pos] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else
            {
                sb.Append(text[_pos]);
            }

            _pos++;
        }

        if (_pos >= text.Length)
        {
            throw Error(start, "unterminated string");
        }

        _pos++;
        return sb.ToString();
    }

    private string ReadBackquoted()
    {
        var start = _pos;
        var end = text.IndexOf('`', _pos + 1);
        if (end < 0)
        {
            throw Error(start, "unterminated string");
        }

        _pos = end + 1;
        return text[(start + 1)..end];
    }
}
