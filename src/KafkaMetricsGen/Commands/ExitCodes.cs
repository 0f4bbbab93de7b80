namespace KafkaMetricsGen.Commands;

/// <summary>The exit codes every command uses (README, "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>A failure while running: the stream failed, remote write did not take the data, an input could not be decoded.</summary>
    public const int Failure = 1;

    /// <summary>A bad flag, flag value or configuration, found before anything ran; the message names the flag or key.</summary>
    public const int Usage = 2;
}
