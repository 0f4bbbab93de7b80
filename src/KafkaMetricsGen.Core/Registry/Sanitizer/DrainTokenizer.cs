using System.Globalization;

namespace KafkaMetricsGen.Core.Registry.Sanitizer;

/// <summary>
/// Splits a span name into tokens as Tempo's DRAIN tokenizer does: runs of letters and digits, hex runs (with a
/// UUID-like <c>-</c> continuation), <c>%XX</c> escapes, runs of white space, and every other character on its own; an
/// <c>&lt;END&gt;</c> token closes the list, so the last real token is not wildcarded as readily. Joining the tokens
/// without it gives the name back.
/// </summary>
internal static class DrainTokenizer
{
    public const string End = "<END>";

    public static void Tokenize(string line, List<string> tokens)
    {
        tokens.Clear();
        var lexer = new Lexer(line);
        while (!lexer.Eof)
        {
            var token = lexer.NextToken();
            if (token.Length > 0)
            {
                tokens.Add(token);
            }
        }

        tokens.Add(End);
    }

    /// <summary>The tokens without the closing <see cref="End"/>, concatenated.</summary>
    public static string Join(IReadOnlyList<string> tokens) => string.Concat(tokens.Take(tokens.Count - 1));

    internal static bool IsHexDigit(char c) =>
        char.IsAsciiHexDigit(c) || c is (>= '\uFF10' and <= '\uFF19') or (>= '\uFF21' and <= '\uFF26') or (>= '\uFF41' and <= '\uFF46');

    internal static bool IsLetterOrNumber(char c) => char.IsLetter(c) || char.IsNumber(c);

    /// <summary>Go's unicode.IsSpace: the ASCII spaces, U+0085, U+00A0 and the separator categories.</summary>
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\u0085' or '\u00A0'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    // The state machine of Tempo's lexer, one method per state; Next at the end sets Eof, after which Backup does nothing.
    private ref struct Lexer(string input)
    {
        private readonly string _input = input;
        private int _pos;
        private int _start;

        public bool Eof { get; private set; }

        public string NextToken()
        {
            var c = Next();
            if (Eof)
            {
                return string.Empty;
            }

            if (c == '%')
            {
                return UrlEncoded();
            }

            if (IsSpace(c))
            {
                while (IsSpace(Next()))
                {
                }

                return BackupAndEmit();
            }

            if (IsHexDigit(c))
            {
                return MaybeHex();
            }

            return IsLetterOrNumber(c) ? AlphaNumeric() : Emit();
        }

        private string UrlEncoded()
        {
            var c1 = Next();
            var c2 = Next();
            if (!IsHexDigit(c1) || !IsHexDigit(c2))
            {
                Backup();
                Backup();
            }

            return Emit();
        }

        private string MaybeHex()
        {
            while (true)
            {
                var c = Next();
                if (IsHexDigit(c))
                {
                    continue;
                }

                if (c == '-')
                {
                    while (true)
                    {
                        var u = Next();
                        if (!IsHexDigit(u) && u != '-')
                        {
                            return BackupAndEmit();
                        }
                    }
                }

                if (IsLetterOrNumber(c))
                {
                    return AlphaNumeric();
                }

                return BackupAndEmit();
            }
        }

        private string AlphaNumeric()
        {
            while (IsLetterOrNumber(Next()))
            {
            }

            return BackupAndEmit();
        }

        private char Next()
        {
            if (_pos >= _input.Length)
            {
                Eof = true;
                return '\0';
            }

            return _input[_pos++];
        }

        private void Backup()
        {
            if (!Eof && _pos > 0)
            {
                _pos--;
            }
        }

        private string BackupAndEmit()
        {
            Backup();
            return Emit();
        }

        private string Emit()
        {
            var token = _input[_start.._pos];
            _start = _pos;
            return token;
        }
    }
}
