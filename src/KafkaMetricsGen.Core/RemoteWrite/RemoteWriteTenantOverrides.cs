namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>The per-tenant overrides remote write reads.</summary>
public sealed class RemoteWriteTenantOverrides
{
    /// <summary>Tempo's <c>remote_write_headers</c>: merged over each endpoint's headers, overwriting same names.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>remote_write_url</c> (not in Tempo): when set the tenant writes only to these URLs, each a full endpoint with
    /// the other settings (credentials, TLS, queue, message) of the first <c>remote_write</c> entry (or the defaults
    /// when there is none).
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>One tenant URL: reads the first of <see cref="Urls"/>, sets it as the only one.</summary>
    public string? Url
    {
        get => Urls.Count > 0 ? Urls[0] : null;
        set => Urls = value is null ? [] : [value];
    }

    /// <summary>True when <paramref name="other"/> asks for the same URL and headers (null: no overrides).</summary>
    public bool SameAs(RemoteWriteTenantOverrides? other)
    {
        if (other is null)
        {
            return Urls.Count == 0 && Headers.Count == 0;
        }

        if (!Urls.SequenceEqual(other.Urls, StringComparer.Ordinal) || Headers.Count != other.Headers.Count)
        {
            return false;
        }

        foreach (var (name, value) in Headers)
        {
            if (!other.Headers.TryGetValue(name, out var otherValue) || !string.Equals(value, otherValue, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public void Validate()
    {
        foreach (var url in Urls)
        {
            if (!RemoteWriteEndpointOptions.IsHttpUrl(url))
            {
                throw new ArgumentException($"{RemoteWriteConfigKeys.TenantUrl}: must be an absolute http or https URL (got '{Configuration.ConfigSecrets.RedactUrl(url)}')");
            }
        }

        foreach (var header in Headers)
        {
            if (string.IsNullOrWhiteSpace(header.Key))
            {
                throw new ArgumentException($"{RemoteWriteConfigKeys.TenantHeaders}: header names must not be empty");
            }
        }
    }
}
