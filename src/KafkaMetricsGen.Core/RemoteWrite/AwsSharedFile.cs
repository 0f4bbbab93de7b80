namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// The INI format of <c>$HOME/.aws/credentials</c> (sections <c>[name]</c>) and <c>$HOME/.aws/config</c> (sections
/// <c>[profile name]</c>, and <c>[default]</c>): <c>key = value</c> lines, <c>#</c> and <c>;</c> comments.
/// </summary>
public static class AwsSharedFile
{
    /// <summary>The keys of <paramref name="profile"/> in <paramref name="path"/>; null when the file or the profile is missing.</summary>
    public static Dictionary<string, string>? Profile(string path, string profile, bool configFile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!File.Exists(path))
        {
            return null;
        }

        return Parse(File.ReadAllLines(path), configFile && profile != AwsEnvironment.DefaultProfile ? "profile " + profile : profile);
    }

    public static Dictionary<string, string>? Parse(IEnumerable<string> lines, string section)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Dictionary<string, string>? result = null;
        var inSection = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                inSection = string.Equals(line[1..^1].Trim(), section, StringComparison.Ordinal);
                if (inSection)
                {
                    result ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inSection && equals > 0)
            {
                result![line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return result;
    }
}
