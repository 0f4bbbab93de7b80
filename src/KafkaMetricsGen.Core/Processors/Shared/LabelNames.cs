using System.Text;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// Label-name rules shared by the processors: every code point outside <c>[a-zA-Z0-9_]</c> becomes one
/// <c>_</c> (a leading digit is kept), and a sanitized name that collides with a reserved (intrinsic) name gets a
/// <c>__</c> prefix. Called at construction time, not per span.
/// </summary>
public static class LabelNames
{
    /// <summary>The prefix a colliding dimension name receives.</summary>
    public const string CollisionPrefix = "__";

    public static string Sanitize(string name)
    {
        var clean = true;
        foreach (var c in name)
        {
            if (!IsLabelChar(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return name;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            builder.Append(rune.IsAscii && IsLabelChar((char)rune.Value) ? (char)rune.Value : '_');
        }

        return builder.ToString();
    }

    /// <summary>Sanitizes <paramref name="name"/> and prefixes it with <c>__</c> when the result is one of <paramref name="reserved"/>.</summary>
    public static string SanitizeAvoiding(string name, ReadOnlySpan<string> reserved)
    {
        var sanitized = Sanitize(name);
        return reserved.Contains(sanitized) ? CollisionPrefix + sanitized : sanitized;
    }

    private static bool IsLabelChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
