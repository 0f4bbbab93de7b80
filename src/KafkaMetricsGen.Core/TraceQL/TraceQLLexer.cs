using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Splits a TraceQL query into tokens; attribute paths (<c>span.http.method</c>, <c>."a b"</c>) are one token.</summary>
public sealed class TraceQLLexer(string text)
{
    private const string Delimiters = "{}()=!<>~|&,\"";
    private int _pos;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var t = Next();
            tokens.Add(t);
            if (t.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    public (int Line, int Column) LineColumn(int position) => LineColumnOf(text, position);

    public static (int Line, int Column) LineColumnOf(string text, int position)
    {
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
        var (line, col) = LineColumn(position);
        return new TraceQLParseException(line, col, detail);
    }

    private Token Next()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
        {
            _pos++;
        }

        if (_pos >= text.Length)
        {
            return new Token(TokenKind.End, string.Empty, _pos);
        }

        var start = _pos;
        var c = text[_pos];
        switch (c)
        {
            case '{': _pos++; return new Token(TokenKind.OpenBrace, "{", start);
            case '}': _pos++; return new Token(TokenKind.CloseBrace, "}", start);
            case '(': _pos++; return new Token(TokenKind.OpenParen, "(", start);
            case ')': _pos++; return new Token(TokenKind.CloseParen, ")", start);
            case ',': _pos++; return new Token(TokenKind.Comma, ",", start);
            case '"': return new Token(TokenKind.String, ReadQuoted(), start);
            case '`': return new Token(TokenKind.String, ReadBackquoted(), start);
        }

        if (c == '|')
        {
            _pos++;
            if (Peek('|'))
            {
                _pos++;
                return new Token(TokenKind.Or, "||", start);
            }

            return new Token(TokenKind.Pipe, "|", start);
        }

        if (c == '&')
        {
            if (_pos + 1 < text.Length && text[_pos + 1] == '&')
            {
                _pos += 2;
                return new Token(TokenKind.And, "&&", start);
            }

            throw Error(start, "unexpected '&'");
        }

        if (c is '=' or '!' or '<' or '>')
        {
            _pos++;
            if (Peek('=') || (c is '=' or '!' && Peek('~')))
            {
                _pos++;
                return new Token(TokenKind.Operator, text.Substring(start, 2), start);
            }

            return c == '!' ? new Token(TokenKind.Not, "!", start) : new Token(TokenKind.Operator, c.ToString(), start);
        }

        if (c == '.' && _pos + 1 < text.Length && !char.IsDigit(text[_pos + 1]))
        {
            _pos++;
            return ReadAttribute(start, AttributeScope.None, ".");
        }

        if (char.IsDigit(c) || c == '-' || c == '.')
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
            if (Peek('.') && word is "span" or "resource")
            {
                _pos++;
                return ReadAttribute(start, word == "span" ? AttributeScope.Span : AttributeScope.Resource, word + ".");
            }

            return new Token(TokenKind.Word, word, start);
        }

        throw Error(start, $"unexpected character '{c}'");
    }

    private bool Peek(char c) => _pos < text.Length && text[_pos] == c;

    private Token ReadAttribute(int start, AttributeScope scope, string prefix)
    {
        string name;
        if (Peek('"'))
        {
            name = ReadQuoted();
        }
        else
        {
            var nameStart = _pos;
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && !Delimiters.Contains(text[_pos], StringComparison.Ordinal))
            {
                _pos++;
            }

            name = text[nameStart.._pos];
        }

        if (name.Length == 0)
        {
            throw Error(_pos, "expected an attribute name after '" + prefix + "'");
        }

        return new Token(TokenKind.Attribute, name, start, scope);
    }

    private Token ReadNumber(int start)
    {
        if (text[_pos] == '-')
        {
            _pos++;
        }

        while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] is '.' or 'e' or 'E'))
        {
            _pos++;
        }

        var numberEnd = _pos;
        while (_pos < text.Length && char.IsLetter(text[_pos]) || (_pos < text.Length && text[_pos] == 'µ'))
        {
            _pos++;
        }

        var number = text[start..numberEnd];
        var unit = text[numberEnd.._pos];
        if (unit.Length > 0)
        {
            if (!TraceQLDuration.TryParse(number, unit, out var ns))
            {
                throw Error(start, $"invalid duration '{text[start.._pos]}'");
            }

            return new Token(TokenKind.Duration, text[start.._pos], start, Int: ns);
        }

        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            return new Token(TokenKind.Integer, number, start, Number: i, Int: i);
        }

        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return new Token(TokenKind.Float, number, start, Number: d);
        }

        throw Error(start, $"invalid number '{number}'");
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
