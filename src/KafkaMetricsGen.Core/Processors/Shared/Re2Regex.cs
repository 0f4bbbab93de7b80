using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// Compiles a Go (RE2) pattern as a .NET regex with RE2's guarantees where they matter: unanchored search, linear time
/// (non-backtracking engine, which also rejects the backreferences and lookarounds RE2 rejects), culture-invariant, and
/// RE2's <c>(?P&lt;name&gt;…)</c> group syntax accepted.
/// </summary>
internal static class Re2Regex
{
    public static Regex Compile(string pattern, string keyPath)
    {
        var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        try
        {
            return new Regex(dotnet, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{keyPath}: invalid regular expression '{pattern}': {e.Message}", e);
        }
    }
}
