namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>The per-tenant overrides remote write reads.</summary>
public sealed class RemoteWriteTenantOverrides
{
    /// <summary>Tempo's <c>remote_write_headers</c>: merged over each endpoint's headers, overwriting same names.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>remote_write_url</c> (not in Tempo): when set the tenant writes only to this URL, with the other settings of
    /// the first <c>remote_write</c> entry (or the defaults when there is none).
    /// </summary>
    public string? Url { get; set; }

    /// <summary>True when <paramref name="other"/> asks for the same URL and headers (null: no overrides).</summary>
    public bool SameAs(RemoteWriteTenantOverrides? other)
    {
        if (other is null)
        {
            return Url is null && Headers.Count == 0;
        }

        if (!string.Equals(Url, other.Url, StringComparison.Ordinal) || Headers.Count != other.Headers.Count)
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
        if (Url is not null && !RemoteWriteEndpointOptions.IsHttpUrl(Url))
        {
            throw new ArgumentException($"{RemoteWriteConfigKeys.TenantUrl}: must be an absolute http or https URL (got '{Url}')");
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
