using System.Text;
using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A TraceQL regex with RE2 semantics on .NET's linear-time engine (<see cref="RegexOptions.NonBacktracking"/>, no match
/// timeout): anchored at both ends with <c>.</c> matching newlines, as Tempo compiles <c>^(?s:…)$</c>; <c>$</c> is the end
/// of text; <c>\d \w \s</c> are ASCII; RE2 spellings .NET lacks (<c>(?P&lt;n&gt;</c>, <c>\pL</c>, <c>[[:alpha:]]</c>,
/// <c>\Q…\E</c>) are translated. What RE2 rejects (backreferences, lookaround, atomic groups, possessive or nested
/// repetition, counts over 1000) fails with <see cref="ArgumentException"/> naming the construct.
/// </summary>
public static class Re2Regex
{
    /// <summary>RE2's largest repetition count.</summary>
    public const int MaxRepeat = 1000;

    /// <summary>RE2's deepest nesting of groups.</summary>
    public const int MaxNesting = 1000;

    private const string AsciiDigit = "0-9";
    private const string AsciiWord = "0-9A-Za-z_";
    private const string AsciiSpace = "\\t\\n\\f\\r ";

    public static Regex Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var translated = Translate(pattern);
        try
        {
            return new Regex("^(?:" + translated + ")\\z", RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new ArgumentException($"'{Shorten(pattern)}' is too complex for TraceQL's RE2 regexes", nameof(pattern), e);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"'{Shorten(pattern)}' is not supported by TraceQL's RE2 regexes: {e.Message}", nameof(pattern), e);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{Shorten(pattern)}': {e.Message}", nameof(pattern), e);
        }
    }

    /// <summary>The .NET pattern for an RE2 pattern (unanchored); throws naming what RE2 rejects.</summary>
    public static string Translate(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var sb = new StringBuilder(pattern.Length + 16);
        var multiline = false;
        var depth = 0;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = Escape(pattern, i, sb, inClass: false);
                    continue;
                case '[':
                    i = Class(pattern, i, sb);
                    continue;
                case '(':
                    if (++depth > MaxNesting)
                    {
                        throw Reject(pattern, $"expression nests too deeply (more than {MaxNesting} groups)");
                    }

                    i = Group(pattern, i, sb, ref multiline);
                    continue;
                case ')':
                    depth--;
                    sb.Append(c);
                    i++;
                    continue;
                case '$':
                    // RE2's $ is the end of text unless (?m); .NET's would also match before a final newline.
                    sb.Append(multiline ? "$" : "\\z");
                    i++;
                    continue;
                case '{':
                    i = Repeat(pattern, i, sb);
                    continue;
                case '*' or '+' or '?':
                    sb.Append(c);
                    i++;
                    if (i < pattern.Length && pattern[i] == '?')
                    {
                        sb.Append('?');
                        i++;
                    }

                    if (i < pattern.Length && pattern[i] is '*' or '+' || (i < pattern.Length && pattern[i] == '{' && IsRepeat(pattern, i, out _, out _)))
                    {
                        throw Reject(pattern, $"invalid nested repetition operator '{pattern[(i - 1)..(i + 1)]}'");
                    }

                    continue;
                default:
                    sb.Append(c);
                    i++;
                    continue;
            }
        }

        return sb.ToString();
    }

    private static ArgumentException Reject(string pattern, string what) =>
        new($"invalid regular expression '{Shorten(pattern)}': {what} (TraceQL regexes are RE2: no backreferences or lookaround)");

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";

    private static int Escape(string p, int i, StringBuilder sb, bool inClass)
    {
        if (i + 1 >= p.Length)
        {
            throw Reject(p, "trailing backslash at end of expression");
        }

        var e = p[i + 1];
        switch (e)
        {
            case >= '1' and <= '7' when i + 2 < p.Length && p[i + 2] is >= '0' and <= '7':
                // Two or three digits are an octal character code in RE2.
                var digits = i + 3 < p.Length && p[i + 3] is >= '0' and <= '7' ? 3 : 2;
                AppendCodePoint(sb, Convert.ToInt32(p.Substring(i + 1, digits), 8));
                return i + 1 + digits;
            case >= '1' and <= '9':
                throw Reject(p, $"backreference '\\{e}' is not supported");
            case 'k' when i + 2 < p.Length && p[i + 2] is '<' or '{' or '\'':
                throw Reject(p, "named backreference '\\k' is not supported");
            case 'Z' or 'G' or 'e' or 'c' or 'u' or 'K' or 'R' or 'X' or 'N' or 'h' or 'H' or 'V' or 'g':
                throw Reject(p, $"invalid escape sequence '\\{e}'");
            case 'd': sb.Append(inClass ? AsciiDigit : "[" + AsciiDigit + "]"); return i + 2;
            case 'w': sb.Append(inClass ? AsciiWord : "[" + AsciiWord + "]"); return i + 2;
            case 's': sb.Append(inClass ? AsciiSpace : "[" + AsciiSpace + "]"); return i + 2;
            case 'D' when !inClass: sb.Append("[^" + AsciiDigit + "]"); return i + 2;
            case 'W' when !inClass: sb.Append("[^" + AsciiWord + "]"); return i + 2;
            case 'S' when !inClass: sb.Append("[^" + AsciiSpace + "]"); return i + 2;
            case 'x' when i + 2 < p.Length && p[i + 2] == '{':
                var closeBrace = p.IndexOf('}', i + 3);
                if (closeBrace < 0 || !int.TryParse(p.AsSpan(i + 3, closeBrace - i - 3), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
                {
                    throw Reject(p, "invalid escape sequence '\\x{'");
                }

                AppendCodePoint(sb, code);
                return closeBrace + 1;
            case 'C':
                throw Reject(p, "'\\C' (any byte) is not supported");
            case 'Q':
                var end = p.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                var literal = end < 0 ? p[(i + 2)..] : p[(i + 2)..end];
                sb.Append(Regex.Escape(literal));
                return end < 0 ? p.Length : end + 2;
            case 'p' or 'P' when i + 2 < p.Length && p[i + 2] != '{':
                sb.Append('\\').Append(e).Append('{').Append(p[i + 2]).Append('}');
                return i + 3;
            default:
                sb.Append('\\').Append(e);
                return i + 2;
        }
    }

    private static void AppendCodePoint(StringBuilder sb, int code)
    {
        if (code > 0xFFFF)
        {
            sb.Append(Regex.Escape(char.ConvertFromUtf32(code)));
            return;
        }

        sb.Append("\\u").Append(code.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int Class(string p, int i, StringBuilder sb)
    {
        sb.Append('[');
        i++;
        if (i < p.Length && p[i] == '^')
        {
            sb.Append('^');
            i++;
        }

        // A ']' first in the class is a literal in RE2.
        if (i < p.Length && p[i] == ']')
        {
            sb.Append("\\]");
            i++;
        }

        while (i < p.Length && p[i] != ']')
        {
            if (p[i] == '\\')
            {
                i = Escape(p, i, sb, inClass: true);
                continue;
            }

            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                var close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0 && PosixClass(p[(i + 2)..close]) is { } ascii)
                {
                    sb.Append(ascii);
                    i = close + 2;
                    continue;
                }

                throw Reject(p, $"invalid character class range '{(close > 0 ? p[i..(close + 2)] : p[i..])}'");
            }

            if (p[i] is '[' or '-' && i + 1 < p.Length && p[i + 1] == '[')
            {
                // .NET reads "-[" as class subtraction and "[" as a nested class; RE2 reads them literally.
                sb.Append('\\').Append(p[i]);
                i++;
                continue;
            }

            if (p[i] == '[')
            {
                sb.Append("\\[");
                i++;
                continue;
            }

            sb.Append(p[i]);
            i++;
        }

        if (i >= p.Length)
        {
            throw Reject(p, "missing closing ]");
        }

        sb.Append(']');
        return i + 1;
    }

    private static string? PosixClass(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };

    private static int Group(string p, int i, StringBuilder sb, ref bool multiline)
    {
        if (i + 1 >= p.Length || p[i + 1] != '?')
        {
            sb.Append('(');
            return i + 1;
        }

        var rest = p.AsSpan(i);
        if (rest.StartsWith("(?=") || rest.StartsWith("(?!") || rest.StartsWith("(?<=") || rest.StartsWith("(?<!"))
        {
            throw Reject(p, $"lookaround '{rest[..(rest[2] == '<' ? 4 : 3)]}' is not supported");
        }

        if (rest.StartsWith("(?>"))
        {
            throw Reject(p, "atomic group '(?>' is not supported");
        }

        if (rest.StartsWith("(?P<"))
        {
            sb.Append("(?<");
            return i + 4;
        }

        if (rest.StartsWith("(?<") && rest.Length > 3 && (char.IsLetter(rest[3]) || rest[3] == '_'))
        {
            sb.Append("(?<");
            return i + 3;
        }

        // Flags: (?flags) or (?flags:...). RE2 knows i, m, s and U; U (ungreedy) cannot change a full match, so it is dropped.
        var j = i + 2;
        var flags = new StringBuilder();
        var negate = false;
        while (j < p.Length && p[j] is not (')' or ':'))
        {
            switch (p[j])
            {
                case 'i' or 's':
                    flags.Append(p[j]);
                    break;
                case 'm':
                    flags.Append('m');
                    multiline |= !negate;
                    break;
                case 'U':
                    break;
                case '-' when !negate:
                    negate = true;
                    flags.Append('-');
                    break;
                default:
                    throw Reject(p, $"invalid or unsupported Perl syntax '{p[i..Math.Min(p.Length, j + 1)]}'");
            }

            j++;
        }

        if (j >= p.Length)
        {
            throw Reject(p, "missing closing )");
        }

        if (flags.Length == 0 || (flags.Length == 1 && negate))
        {
            // Only U was given: nothing left for .NET to set.
            sb.Append(p[j] == ':' ? "(?:" : string.Empty);
            return j + 1;
        }

        sb.Append("(?").Append(flags).Append(p[j]);
        return j + 1;
    }

    private static int Repeat(string p, int i, StringBuilder sb)
    {
        if (!IsRepeat(p, i, out var end, out var max))
        {
            // RE2 reads a brace that does not start {n}, {n,} or {n,m} literally.
            sb.Append("\\{");
            return i + 1;
        }

        if (max > MaxRepeat)
        {
            throw Reject(p, $"invalid repeat count '{p[i..end]}' (at most {MaxRepeat})");
        }

        sb.Append(p, i, end - i);
        if (end < p.Length && p[end] == '?')
        {
            sb.Append('?');
            end++;
        }

        if (end < p.Length && (p[end] is '*' or '+' || (p[end] == '{' && IsRepeat(p, end, out _, out _))))
        {
            throw Reject(p, "invalid nested repetition operator");
        }

        return end;
    }

    private static bool IsRepeat(string p, int i, out int end, out long max)
    {
        end = i;
        max = 0;
        var j = i + 1;
        var firstStart = j;
        while (j < p.Length && char.IsAsciiDigit(p[j]))
        {
            j++;
        }

        if (j == firstStart || j >= p.Length)
        {
            return false;
        }

        max = long.TryParse(p.AsSpan(firstStart, Math.Min(j - firstStart, 18)), out var n) ? n : long.MaxValue;
        if (p[j] == ',')
        {
            j++;
            var secondStart = j;
            while (j < p.Length && char.IsAsciiDigit(p[j]))
            {
                j++;
            }

            if (j > secondStart)
            {
                max = long.TryParse(p.AsSpan(secondStart, Math.Min(j - secondStart, 18)), out var m) ? Math.Max(max, m) : long.MaxValue;
            }
        }

        if (j >= p.Length || p[j] != '}')
        {
            return false;
        }

        end = j + 1;
        return true;
    }
}
