using System.Diagnostics;
using System.Text;

namespace KafkaMetricsGen.TestKit.Browser;

/// <summary>
/// A real browser for page tests: Debian's <c>chromium</c> in headless mode, one process per call with its own profile
/// directory. The page runs for a virtual-time budget (its timers and fetches complete; the clock does not wait for
/// wall time), then the DOM is dumped or a screenshot taken. The binary is taken from <c>CHROMIUM_BIN</c> or the PATH;
/// when it is missing, the call fails saying how to install it.
/// </summary>
public static class HeadlessChromium
{
    public const string BinaryVariable = "CHROMIUM_BIN";

    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The DOM as serialized HTML after the page ran for <paramref name="budget"/> of virtual time.</summary>
    public static async Task<string> DumpDomAsync(Uri page, TimeSpan budget)
    {
        var (output, _) = await RunAsync(page, budget, "--dump-dom").ConfigureAwait(false);
        return output;
    }

    /// <summary>A PNG of the viewport (<paramref name="width"/> × <paramref name="height"/>) after the budget.</summary>
    public static async Task ScreenshotAsync(Uri page, TimeSpan budget, string pngPath, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        var (_, log) = await RunAsync(page, budget, "--screenshot=" + Path.GetFullPath(pngPath), $"--window-size={width},{height}").ConfigureAwait(false);
        if (!File.Exists(pngPath))
        {
            throw new InvalidOperationException($"chromium wrote no screenshot to {pngPath}:\n{log}");
        }
    }

    private static async Task<(string Output, string Log)> RunAsync(Uri page, TimeSpan budget, params string[] mode)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            $"The 'chromium' binary is needed by the page tests but was not found on PATH or in ${BinaryVariable}. "
            + $"Install it (Debian/Ubuntu: apt-get install chromium) or set {BinaryVariable}.");
        var profile = Directory.CreateTempSubdirectory("kmg-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=" + (int)budget.TotalMilliseconds,
                .. mode,
                page.ToString(),
            ])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var log = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ProcessTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"chromium did not finish within {ProcessTimeout.TotalSeconds} s:\n{await log.ConfigureAwait(false)}");
            }

            var text = await output.ConfigureAwait(false);
            var errors = await log.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}:\n{errors}");
            }

            return (text, errors);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable(BinaryVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in (string[])["chromium", "chromium-browser"])
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
