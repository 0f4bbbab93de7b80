using System.Globalization;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// CPU time of this process's threads whose name starts with a prefix, read from Linux's per-thread scheduler
/// statistics (<c>/proc/self/task/*/schedstat</c>: nanoseconds on a CPU). Streamiz names its stream threads after the
/// client id, which starts with the application id; Linux keeps the first 15 characters of a thread's name.
/// </summary>
internal sealed class ThreadCpu
{
    private const int MaxNameLength = 15;
    private const string Tasks = "/proc/self/task";
    private const string Proc = "/proc";
    private const string CurrentThread = "/proc/thread-self";
    private readonly List<string> _threads;

    private ThreadCpu(List<string> threads) => _threads = threads;

    /// <summary>Thread ids found; 0 where the platform has no <c>/proc</c> or no thread matched.</summary>
    public int Threads => _threads.Count;

    public static ThreadCpu Find(string namePrefix)
    {
        var prefix = namePrefix.Length > MaxNameLength ? namePrefix[..MaxNameLength] : namePrefix;
        var threads = new List<string>();
        if (!Directory.Exists(Tasks))
        {
            return new ThreadCpu(threads);
        }

        foreach (var task in Directory.EnumerateDirectories(Tasks))
        {
            var name = TryRead(Path.Combine(task, "comm"))?.TrimEnd('\n');
            if (name is not null && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                threads.Add(task);
            }
        }

        return new ThreadCpu(threads);
    }

    /// <summary>The calling thread (read later from any thread); <see cref="Threads"/> 0 where the platform has no <c>/proc</c>.</summary>
    public static ThreadCpu Current() =>
        new FileInfo(CurrentThread).LinkTarget is { } target ? new([Path.Combine(Proc, target)]) : new([]);

    /// <summary>CPU time the threads have used so far (a thread that ended no longer counts).</summary>
    public TimeSpan Used()
    {
        long nanoseconds = 0;
        foreach (var task in _threads)
        {
            var text = TryRead(Path.Combine(task, "schedstat"));
            var end = text?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
            if (end > 0 && long.TryParse(text.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
            {
                nanoseconds += ns;
            }
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
