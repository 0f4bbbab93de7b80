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

    /// <summary>YAML <c>authorization</c> (optional).</summary>
    public AuthorizationOptions? Authorization { get; set; }

    /// <summary>YAML <c>oauth2</c> (optional): client credentials tokens.</summary>
    public OAuth2Options? OAuth2 { get; set; }

    /// <summary>YAML <c>sigv4</c> (optional): AWS Signature Version 4 signing.</summary>
    public SigV4Options? SigV4 { get; set; }

    /// <summary>YAML <c>tls_config</c> (optional).</summary>
    public TlsOptions? Tls { get; set; }

    /// <summary>YAML <c>proxy_url</c>: an HTTP proxy for the requests.</summary>
    public string? ProxyUrl { get; set; }

    /// <summary>YAML <c>no_proxy</c>: comma-separated hosts, domains (<c>.example.com</c>) or IPs that bypass the proxy.</summary>
    public string? NoProxy { get; set; }

    /// <summary>YAML <c>proxy_from_environment</c>: use HTTP_PROXY, HTTPS_PROXY and NO_PROXY.</summary>
    public bool ProxyFromEnvironment { get; set; }

    /// <summary>YAML <c>follow_redirects</c> (Prometheus' default: true).</summary>
    public bool FollowRedirects { get; set; } = true;

    /// <summary>YAML <c>enable_http2</c> (Prometheus' default: true): HTTP/2 is negotiated over TLS when the receiver offers it.</summary>
    public bool EnableHttp2 { get; set; } = true;

    /// <summary>YAML <c>send_exemplars</c>: false leaves exemplars out. Tempo forces true, so true is the default.</summary>
    public bool SendExemplars { get; set; } = true;

    /// <summary>YAML <c>send_native_histograms</c>: false leaves native histograms out (Tempo sets it from the tenant's histogram mode, which decides what is generated).</summary>
    public bool SendNativeHistograms { get; set; } = true;

    /// <summary>YAML <c>write_relabel_configs</c>: applied to every series before it is encoded for this entry.</summary>
    public List<RelabelConfig> WriteRelabelConfigs { get; set; } = [];

    /// <summary>YAML <c>protobuf_message</c>: <c>prometheus.WriteRequest</c> (1.0, the default) or
    /// <c>io.prometheus.write.v2.Request</c> (2.0, falling back to 1.0 for a receiver that does not speak it).</summary>
    public RemoteWriteMessage ProtobufMessage { get; set; } = RemoteWriteMessage.V1;

    /// <summary>YAML <c>queue_config</c>.</summary>
    public RemoteWriteQueueConfig QueueConfig { get; set; } = new();

    /// <summary>This entry with another URL and everything else (credentials, TLS, proxy, queue) the same.</summary>
    public RemoteWriteEndpointOptions WithUrl(string url)
    {
        var copy = (RemoteWriteEndpointOptions)MemberwiseClone();
        copy.Url = url;
        return copy;
    }

    internal void Validate(string path)
    {
        if (!IsHttpUrl(Url))
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.Url}: must be an absolute http or https URL (got '{Configuration.ConfigSecrets.RedactUrl(Url)}')");
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

        var schemes = (BasicAuth is null ? 0 : 1) + (Authorization is null ? 0 : 1) + (OAuth2 is null ? 0 : 1) + (SigV4 is null ? 0 : 1);
        if (schemes > 1)
        {
            throw new ArgumentException($"{path}: set at most one of basic_auth, authorization, oauth2 and sigv4");
        }

        if (ProxyUrl is not null && !IsHttpUrl(ProxyUrl))
        {
            throw new ArgumentException($"{path}.proxy_url: must be an absolute http or https URL (got '{Configuration.ConfigSecrets.RedactUrl(ProxyUrl)}')");
        }

        if (ProxyUrl is not null && ProxyFromEnvironment)
        {
            throw new ArgumentException($"{path}: set at most one of proxy_url and proxy_from_environment");
        }

        if (NoProxy is not null && ProxyUrl is null)
        {
            throw new ArgumentException($"{path}.no_proxy: needs proxy_url");
        }

        for (var i = 0; i < WriteRelabelConfigs.Count; i++)
        {
            WriteRelabelConfigs[i].Validate($"{path}.write_relabel_configs[{i}]");
        }

        BasicAuth?.Validate(path);
        Authorization?.Validate(path);
        Tls?.Validate(path);
        OAuth2?.Validate(path);
        SigV4?.Validate(path);
        QueueConfig.Validate(path);
        if (Tls is not null || OAuth2?.Tls is not null)
        {
            // Load the certificates now, so a bad file fails at start rather than at the first send.
            try
            {
                RemoteWriteHttpClients.CreateHandler(this).Dispose();
                if (OAuth2 is not null)
                {
                    RemoteWriteHttpClients.CreateHandler(OAuth2).Dispose();
                }
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
            {
                throw new ArgumentException($"{path}.tls_config: cannot load a certificate or key: {e.Message}", e);
            }
        }
    }

    internal static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
