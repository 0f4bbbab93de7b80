using KafkaMetricsGen.Streams.Replay;

namespace KafkaMetricsGen.Commands;

/// <summary>
/// The replay's progress as one line redrawn in place, when stderr is a terminal (the log gets a line every few
/// seconds either way). Redrawn at most once a second.
/// </summary>
public sealed class TerminalProgress(TextWriter terminal, TimeProvider time) : IProgress<ReplayProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private long _last;

    /// <summary>For stderr when it is a terminal; null when it is redirected (logs and pipes get the log lines only).</summary>
    public static TerminalProgress? ForConsole() => Console.IsErrorRedirected ? null : new TerminalProgress(Console.Error, TimeProvider.System);

    public void Report(ReplayProgress value)
    {
        if (_last != 0 && time.GetElapsedTime(_last) < Interval && value.RecordsDone < value.RecordsTotal)
        {
            return;
        }

        _last = time.GetTimestamp();
        terminal.Write("\r\u001b[K" + value);
        if (value.RecordsDone >= value.RecordsTotal)
        {
            terminal.WriteLine();
        }
    }
}
