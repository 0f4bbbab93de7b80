using System.Text;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// <c>--config.expand-env</c>: replaces <c>${VAR}</c>, <c>${VAR:-default}</c> (default when unset or empty),
/// <c>${VAR-default}</c> (default when unset) and <c>$VAR</c> in the file's text before it is parsed, as Tempo's
/// <c>-config.expand-env</c> does; an unset variable without a default becomes empty, and <c>$$</c> is a literal
/// <c>$</c>. A <c>$</c> not followed by a name or <c>{</c> (a regex anchor) stays as it is.
/// </summary>
public static class EnvironmentExpansion
{
    /// <summary>Every variable of this process (the expansion is not limited to the <c>KMG_</c> ones).</summary>
    public static IReadOnlyDictionary<string, string> FromProcess()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key)
            {
                result[key] = entry.Value as string ?? string.Empty;
            }
        }

        return result;
    }

    public static string Expand(string text, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (next == '{' && text.IndexOf('}', i + 2) is var close and > 0)
            {
                result.Append(Substitute(text[(i + 2)..close], environment));
                i = close + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNamePart(text[end]))
                {
                    end++;
                }

                result.Append(environment.TryGetValue(text[(i + 1)..end], out var value) ? value : string.Empty);
                i = end;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    private static string Substitute(string expression, IReadOnlyDictionary<string, string> environment)
    {
        var colonDash = expression.IndexOf(":-", StringComparison.Ordinal);
        var dash = expression.IndexOf('-', StringComparison.Ordinal);
        if (colonDash > 0 && colonDash <= dash)
        {
            var set = environment.TryGetValue(expression[..colonDash], out var value) && value.Length > 0;
            return set ? value! : expression[(colonDash + 2)..];
        }

        if (dash > 0)
        {
            return environment.TryGetValue(expression[..dash], out var value) ? value : expression[(dash + 1)..];
        }

        return environment.TryGetValue(expression, out var plain) ? plain : string.Empty;
    }

    private static bool IsNameStart(char c) => c is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';
}
