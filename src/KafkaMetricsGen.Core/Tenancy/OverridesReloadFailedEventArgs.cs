namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>A reload of the overrides file failed; the last good overrides stay in force.</summary>
public sealed class OverridesReloadFailedEventArgs : EventArgs
{
    public OverridesReloadFailedEventArgs(string path, Exception error)
    {
        Path = path;
        Error = error;
    }

    public string Path { get; }

    public Exception Error { get; }
}
