using System.Diagnostics;
using System.Globalization;
using System.Text;
using KafkaMetricsGen.Tests.Commands;

namespace KafkaMetricsGen.Tests.Deploy;

/// <summary>
/// How a container starts the worker, read from a deploy file (compose service, Kubernetes StatefulSet): its
/// arguments, its environment, the files mounted into it and its volumes. <see cref="Start"/> runs the built exe the
/// same way on this machine. What a container runtime would provide is mapped, nothing else changes: each mounted file
/// is used as it is except that paths under a volume's mount point point to a temporary directory (the volume), the
/// HTTP port is a free one (the port mapping), and the bootstrap address is the embedded broker's.
/// </summary>
public sealed class ContainerLaunch
{
    public required IReadOnlyList<string> Arguments { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Mounted files: the path inside the container → the file in the repository.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    /// <summary>Mount points of the volumes inside the container.</summary>
    public required IReadOnlyList<string> Volumes { get; init; }

    /// <summary>Starts the worker; returns the process and the environment it got (for the test's messages).</summary>
    public Process Start(StringBuilder output, string scratch, string bootstrapServers, int httpPort)
    {
        var volumes = Volumes.ToDictionary(v => v, v => Directory.CreateDirectory(Path.Combine(scratch, "volume" + v.Replace('/', '_'))).FullName, StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (inside, source) in Files)
        {
            var copy = Path.Combine(scratch, "mount" + inside.Replace('/', '_'));
            File.WriteAllText(copy, MapVolumes(File.ReadAllText(source), volumes));
            files[inside] = copy;
        }

        var arguments = Arguments.Select(a => files.TryGetValue(a, out var host) ? host : a).ToArray();
        var environment = Environment.ToDictionary(kv => kv.Key, kv => MapVolumes(kv.Value, volumes), StringComparer.Ordinal);
        environment["KMG_KAFKA__BOOTSTRAP_SERVERS"] = bootstrapServers;
        environment["KMG_SERVER__HTTP_LISTEN_PORT"] = httpPort.ToString(CultureInfo.InvariantCulture);
        return ExeProcess.Start(output, environment, arguments);
    }

    private static string MapVolumes(string text, Dictionary<string, string> volumes)
    {
        foreach (var (inside, host) in volumes.OrderByDescending(kv => kv.Key.Length))
        {
            text = text.Replace(inside, host, StringComparison.Ordinal);
        }

        return text;
    }
}
