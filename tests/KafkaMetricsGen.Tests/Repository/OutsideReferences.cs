using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Tests.Repository;

/// <summary>
/// Finds text that points outside the repository: the <c>shared</c> folder beside it, a machine's own paths (home
/// folders, a work tree, literal temp paths, Windows drives), a relative path that climbs above the repository root,
/// or a parent step from <c>RepositoryPaths.Root</c>. Temp folders made at run time (<c>Path.GetTempPath</c>,
/// <c>mktemp</c>) name no path and pass, and so do URLs. This file's own patterns and comments are written so that
/// they do not match themselves: the check covers it too.
/// </summary>
internal static partial class OutsideReferences
{
    /// <summary>The parts of the repository a user reads or runs.</summary>
    public static readonly string[] CheckedPaths = ["tests", "src", ".ci", "docs", "README.md"];

    /// <summary>Literal machine paths the product itself writes to: not data read from outside.</summary>
    private static readonly string[] AllowedMachinePaths =
    [
        "/tmp/kafka-metrics-gen", // kafka.state_dir's default (KafkaDefaults.StateDir), after Kafka Streams' own default
    ];

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "TestResults", "BenchmarkDotNet.Artifacts" };

    /// <summary>Every finding under <paramref name="root"/>, as <c>path:line: reason: text</c>.</summary>
    public static List<string> InRepository(string root)
    {
        var findings = new List<string>();
        foreach (var file in CheckedFiles(root))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var text = File.ReadAllText(file);
            if (!text.Contains('\0', StringComparison.Ordinal))
            {
                findings.AddRange(InFile(relative, text));
            }
        }

        return findings;
    }

    /// <summary>The findings in one file's text; <paramref name="relativePath"/> is its path from the root, with '/'.</summary>
    public static IEnumerable<string> InFile(string relativePath, string text)
    {
        var lines = text.Split('\n');
        var depth = relativePath.Count(c => c == '/');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            foreach (var reason in InLine(line, depth))
            {
                yield return $"{relativePath}:{i + 1}: {reason}: {line.Trim()}";
            }
        }
    }

    private static IEnumerable<string> InLine(string line, int depth)
    {
        if (SharedFolder().IsMatch(line))
        {
            yield return "a folder beside the repository";
        }

        foreach (Match match in MachinePath().Matches(line))
        {
            if (!AllowedMachinePaths.Any(allowed => line.AsSpan(match.Index).StartsWith(allowed, StringComparison.Ordinal)))
            {
                yield return "a machine path";
                break;
            }
        }

        foreach (Match match in ParentChain().Matches(line))
        {
            // Relative to the file's folder, as MSBuild, Markdown links and scripts read them.
            if (match.Length / 3 > depth)
            {
                yield return "a relative path above the repository root";
                break;
            }
        }

        if (AboveRoot().IsMatch(line))
        {
            yield return "a path above the repository root";
        }
    }

    private static IEnumerable<string> CheckedFiles(string root)
    {
        foreach (var path in CheckedPaths.Select(p => Path.Combine(root, p)))
        {
            if (File.Exists(path))
            {
                yield return path;
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in FilesUnder(path))
                {
                    yield return file;
                }
            }
        }
    }

    private static IEnumerable<string> FilesUnder(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(dir).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
        {
            foreach (var file in FilesUnder(sub))
            {
                yield return file;
            }
        }
    }

    /// <summary>The parent's <c>shared</c> or <c>tempo-testdata</c> folder, with either separator or as separate <c>Path.Combine</c> arguments.</summary>
    [GeneratedRegex("""\.\.[/\\]+shared\b|"\.\."\s*,\s*"shared"|\.\.[/\\]+tempo-testdata""")]
    private static partial Regex SharedFolder();

    /// <summary>
    /// An absolute path into a home folder, a work tree, a temp or mount folder, a home-relative path, or a folder on a
    /// Windows drive; not inside a URL or another path (the character before it is no word character, dot, dash,
    /// slash, tilde or colon).
    /// </summary>
    [GeneratedRegex("""(?<![\w.\-/~:])(?:/(?:work|home|Users|root|tmp|private|mnt|media)(?![\w.\-])|~[/]|[A-Z]:(?:\\{1,2}|/)\w+(?:\\|/))""")]
    private static partial Regex MachinePath();

    /// <summary>A run of <c>../</c> (or <c>..\</c>) steps.</summary>
    [GeneratedRegex("""(?<![\w.])(?:\.\.[/\\]){1,}""")]
    private static partial Regex ParentChain();

    /// <summary>The repository root found at run time followed by a parent step, as <c>Path.Combine</c> arguments.</summary>
    [GeneratedRegex("Root\\s*,\\s*\"\\.\\.\"")]
    private static partial Regex AboveRoot();
}
