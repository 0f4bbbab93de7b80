using System.Diagnostics;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>The built exe as a child process, its output gathered line by line.</summary>
internal static class ExeProcess
{
    public static Process Start(StringBuilder output, params string[] args) => Start(output, new Dictionary<string, string>(), args);

    public static Process Start(StringBuilder output, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The exe reads every KMG_ variable as a configuration key; the tests' own switch is not one.
        info.Environment.Remove("KMG_TEST_LOG");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kafka-metrics-gen.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = info };
        StreamWriter? copy = null;
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                    copy?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {e.Data}");
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();

        // Keeps every process's output, time-stamped, for a failure hunt over many runs (the test's own output has
        // only a failing run's worker log): FAULT_SUITE_OUTPUT_DIR names the directory (each line written as it comes).
        if (Environment.GetEnvironmentVariable("FAULT_SUITE_OUTPUT_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            copy = new StreamWriter(Path.Combine(dir, $"{DateTime.UtcNow:HHmmss.fff}-{process.Id}-{args[0]}.log")) { AutoFlush = true };
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static string Output(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every 500 ms until it holds; fails when <paramref name="process"/> exits first
    /// or <paramref name="patience"/> runs out. A request that fails or times out counts as "not yet".
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Process process, StringBuilder output, TimeSpan patience, ITestOutputHelper log)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < patience)
        {
            if (process.HasExited)
            {
                Assert.Fail($"the process exited ({process.ExitCode}) before {what}; output:\n{Output(output)}");
            }

            try
            {
                if (await condition())
                {
                    log.WriteLine($"{what} after {started.Elapsed.TotalSeconds:0.0}s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        Assert.Fail($"timed out waiting for {what}; output:\n{Output(output)}");
    }
}
