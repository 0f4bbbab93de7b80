using System.Diagnostics;
using System.Text;

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
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
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
}
