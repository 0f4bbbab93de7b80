namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// A secret kept in a file (<c>password_file</c>, <c>credentials_file</c>, <c>username_file</c>), read for every
/// request as Prometheus does, so a rotated credential is used from the next request on without a restart. A small
/// file read costs far less than the request it authorizes. Trailing newlines are ignored.
/// </summary>
public sealed class SecretFile
{
    public SecretFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>The file's current content; throws <see cref="IOException"/> when it cannot be read.</summary>
    public string Read()
    {
        try
        {
            return File.ReadAllText(Path).TrimEnd('\r', '\n');
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"cannot read {Path}: {e.Message}", e);
        }
    }
}
