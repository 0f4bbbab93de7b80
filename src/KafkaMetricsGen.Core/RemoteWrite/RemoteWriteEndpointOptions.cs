namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>One entry of <c>metrics_generator.storage.remote_write[]</c> (a Prometheus <c>remote_write</c> config).</summary>
public sealed class RemoteWriteEndpointOptions
{
    /// <summary>YAML <c>url</c>: absolute http(s) URL, e.g. <c>http://prometheus:9090/api/v1/write</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>YAML <c>name</c>: the <c>remote_name</c> label of the self-metrics; defaults to the entry's index.</summary>
    public string? Name { get; set; }

    /// <summary>YAML <c>remote_timeout</c>: per-request timeout.</summary>
    public TimeSpan RemoteTimeout { get; set; } = TimeSpan.FromSeconds(RemoteWriteDefaults.RemoteTimeoutSeconds);

    /// <summary>YAML <c>headers</c>: sent with every request; per-tenant <c>remote_write_headers</c> overwrite them.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>YAML <c>basic_auth</c> (optional).</summary>
    public BasicAuthOptions? BasicAuth { get; set; }

    /// <summary>YAML <c>queue_config</c>.</summary>
    public RemoteWriteQueueConfig QueueConfig { get; set; } = new();

    internal void Validate(string path)
    {
        if (!IsHttpUrl(Url))
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.Url}: must be an absolute http or https URL (got '{Url}')");
        }

        if (RemoteTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.RemoteTimeout}: must be positive");
        }

        foreach (var header in Headers)
        {
            if (string.IsNullOrWhiteSpace(header.Key))
            {
                throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.Headers}: header names must not be empty");
            }
        }

        BasicAuth?.Validate(path);
        QueueConfig.Validate(path);
    }

    internal static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
