using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>
/// A real Prometheus (the <c>prometheus</c> binary, 2.42+) on a free loopback port with the remote-write receiver,
/// native histograms and exemplar storage on, a 1 h out-of-order window (backfill writes old samples) and a
/// temporary data directory that is deleted on dispose. Use as an xunit class fixture. The binary is taken from
/// <c>PROMETHEUS_BIN</c> or the PATH; when it is missing, start-up fails saying how to install it. With a
/// <see cref="PrometheusWebSecurity"/> it serves HTTPS and enforces what that asks (client certificates, basic auth).
/// </summary>
public sealed class PrometheusServer : IAsyncLifetime
{
    public const string BinaryVariable = "PROMETHEUS_BIN";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly PrometheusWebSecurity? _security;
    private readonly HttpClient _http;
    private readonly StringBuilder _log = new();
    private Process? _process;
    private ProcessStartInfo? _start;
    private string _dataDir = "";
    private string? _scrapeTarget;
    private string _scrapeJob = "";
    private TimeSpan _scrapeInterval = TimeSpan.FromSeconds(15);

    public PrometheusServer()
        : this(null)
    {
    }

    private PrometheusServer(PrometheusWebSecurity? security)
    {
        _security = security;
        _http = security?.CreateQueryClient() ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A server that serves HTTPS and enforces <paramref name="security"/> (not started: call InitializeAsync).</summary>
    public static PrometheusServer Secured(PrometheusWebSecurity security) => new(security);

    /// <summary>The listening port on 127.0.0.1.</summary>
    public int Port { get; private set; }
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Where to POST remote write: <c>/api/v1/write</c>.</summary>
    public Uri RemoteWriteUrl => new(BaseUrl, "/api/v1/write");

    /// <summary>What Prometheus printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>A server that also scrapes <paramref name="target"/> (<c>host:port</c>, path <c>/metrics</c>) as job <paramref name="job"/>; start it with <see cref="InitializeAsync"/>.</summary>
    public static PrometheusServer Scraping(string target, string job, TimeSpan interval) =>
        new() { _scrapeTarget = target, _scrapeJob = job, _scrapeInterval = interval };

    public async Task InitializeAsync()
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "The 'prometheus' binary (2.42 or later) is needed by the remote-write integration tests but was not found on PATH "
            + $"or in ${BinaryVariable}. Install it (Debian/Ubuntu: apt-get install prometheus) or set {BinaryVariable}.");
        _dataDir = Directory.CreateTempSubdirectory("kmg-prometheus-").FullName;
        var config = Path.Combine(_dataDir, "prometheus.yml");
        var scrape = _scrapeTarget is null ? " []" : $"\n  - job_name: {_scrapeJob}\n    static_configs:\n      - targets: [\"{_scrapeTarget}\"]";
        var interval = ((int)_scrapeInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(config, $"global:\n  scrape_interval: {interval}s\nscrape_configs:{scrape}\nstorage:\n  tsdb:\n    out_of_order_time_window: 1h\n").ConfigureAwait(false);
        var port = Loopback.FreePort();
        Port = port;
        BaseUrl = new Uri($"{(_security is null ? "http" : "https")}://127.0.0.1:{port}/");
        _start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(_dataDir, "data"),
            $"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-remote-write-receiver",
            "--enable-feature=native-histograms,exemplar-storage",
        ])
        {
            _start.ArgumentList.Add(argument);
        }

        if (_security is not null)
        {
            var web = Path.Combine(_dataDir, "web.yml");
            await File.WriteAllTextAsync(web, _security.WebConfigYaml).ConfigureAwait(false);
            _start.ArgumentList.Add("--web.config.file=" + web);
        }

        await StartProcessAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the server (SIGKILL), keeping its data and port for <see cref="StartAgainAsync"/>: an outage of the receiver.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts the stopped server again on the same port with the same data; returns once it is ready.</summary>
    public Task StartAgainAsync()
    {
        _process?.Dispose();
        return StartProcessAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
        _http.Dispose();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    /// <summary>An instant query; returns <c>data.result</c> (a vector's array of <c>{metric, value|histogram}</c>).</summary>
    public Task<JsonElement> QueryAsync(string promql, DateTimeOffset? at = null) =>
        GetDataAsync("api/v1/query?query=" + Uri.EscapeDataString(promql) + (at is { } t ? "&time=" + Seconds(t) : ""), "result");

    /// <summary>A range query; returns <c>data.result</c> (a matrix's array of <c>{metric, values|histograms}</c>).</summary>
    public Task<JsonElement> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        GetDataAsync($"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={Seconds(start)}&end={Seconds(end)}&step={step.TotalSeconds.ToString(CultureInfo.InvariantCulture)}", "result");

    /// <summary>The values of a label (<c>/api/v1/label/NAME/values</c>) on series matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string match)
    {
        var data = await GetDataAsync($"api/v1/label/{label}/values?match[]={Uri.EscapeDataString(match)}", null).ConfigureAwait(false);
        return data.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>The single value of an instant vector query, or null when the result is empty.</summary>
    public async Task<double?> QueryValueAsync(string promql, DateTimeOffset? at = null)
    {
        var result = await QueryAsync(promql, at).ConfigureAwait(false);
        if (result.GetArrayLength() == 0)
        {
            return null;
        }

        var value = result[0].GetProperty("value")[1].GetString()!;
        return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The exemplar API: <c>data</c>, an array of <c>{seriesLabels, exemplars: [{labels, value, timestamp}]}</c>.</summary>
    public Task<JsonElement> QueryExemplarsAsync(string promql, DateTimeOffset start, DateTimeOffset end) =>
        GetDataAsync($"api/v1/query_exemplars?query={Uri.EscapeDataString(promql)}&start={Seconds(start)}&end={Seconds(end)}", null);

    /// <summary>The series API: <c>data</c>, an array of label maps.</summary>
    public Task<JsonElement> SeriesAsync(string match, DateTimeOffset start, DateTimeOffset end) =>
        GetDataAsync($"api/v1/series?match[]={Uri.EscapeDataString(match)}&start={Seconds(start)}&end={Seconds(end)}", null);

    private async Task StartProcessAsync()
    {
        _process = Process.Start(_start!) ?? throw new InvalidOperationException("prometheus did not start");
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await WaitReadyAsync().ConfigureAwait(false);
    }

    private async Task<JsonElement> GetDataAsync(string relative, string? property)
    {
        using var response = await _http.GetAsync(new Uri(BaseUrl, relative)).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Prometheus {relative} answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        var data = document.RootElement.GetProperty("data");
        return (property is null ? data : data.GetProperty(property)).Clone();
    }

    private async Task WaitReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode} during start-up:\n{Log}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(BaseUrl, "-/ready")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"prometheus was not ready within {StartTimeout.TotalSeconds} s:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
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
            var candidate = Path.Combine(dir, "prometheus");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }


    private static string Seconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}
