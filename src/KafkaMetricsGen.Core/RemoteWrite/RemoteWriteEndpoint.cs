namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// One tenant's view of one remote-write entry: URL and the final header list, decided once; the entry's other
/// settings (credentials, TLS, proxy, queue) as configured.
/// </summary>
public sealed class RemoteWriteEndpoint
{
    public RemoteWriteEndpoint(string name, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, RemoteWriteEndpointOptions entry, RemoteWriteCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Name = name;
        Url = url;
        Headers = headers;
        Entry = entry;
        Credentials = credentials;
    }

    /// <summary>The <c>remote_name</c> self-metric label.</summary>
    public string Name { get; }

    public Uri Url { get; }

    /// <summary>Configured headers, then tenant headers, then <c>X-Scope-OrgID</c> (see <see cref="Resolve"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The configured entry this endpoint comes from (transport, credentials, what to send).</summary>
    public RemoteWriteEndpointOptions Entry { get; }

    /// <summary>Sets <c>Authorization</c> per request, unless <see cref="Headers"/> has one (a tenant's header wins); null: none.</summary>
    public RemoteWriteCredentials? Credentials { get; }

    public TimeSpan RemoteTimeout => Entry.RemoteTimeout;

    public RemoteWriteQueueConfig QueueConfig => Entry.QueueConfig;

    /// <summary>
    /// The endpoints a tenant writes to, as Tempo builds them: each configured entry with the tenant's
    /// <c>remote_write_headers</c> merged over its own headers, and <c>X-Scope-OrgID: tenant</c> added unless the
    /// tenant is <c>single-tenant</c>, the option is off, or a header of that name (any case) is already there.
    /// A tenant URL override replaces the list by one endpoint per URL.
    /// </summary>
    public static IReadOnlyList<RemoteWriteEndpoint> Resolve(RemoteWriteOptions options, string tenant, RemoteWriteTenantOverrides? overrides)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = options.RemoteWrite;
        if (overrides is { Urls.Count: > 0 } tenantUrls)
        {
            // Each URL is an endpoint of its own (own queue, own remote_name), all with the first entry's settings.
            var template = entries.Count > 0 ? entries[0] : new RemoteWriteEndpointOptions();
            var name = template.Name ?? "tenant";
            var urls = tenantUrls.Urls;
            var tenantEndpoints = new RemoteWriteEndpoint[urls.Count];
            for (var i = 0; i < urls.Count; i++)
            {
                var endpointName = urls.Count == 1 ? name : name + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                tenantEndpoints[i] = Create(template, urls[i], endpointName, options, tenant, overrides);
            }

            return tenantEndpoints;
        }

        var result = new RemoteWriteEndpoint[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            result[i] = Create(entries[i], entries[i].Url, entries[i].Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), options, tenant, overrides);
        }

        return result;
    }

    private static RemoteWriteEndpoint Create(RemoteWriteEndpointOptions entry, string url, string name, RemoteWriteOptions options, string tenant, RemoteWriteTenantOverrides? overrides)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in entry.Headers)
        {
            headers[header.Key] = header.Value;
        }

        // basic_auth and authorization replace an Authorization the entry's headers set; the tenant's headers win.
        var credentials = RemoteWriteCredentials.For(entry);
        if (credentials is not null)
        {
            headers.Remove(RemoteWriteHttpHeaders.Authorization);
        }

        if (overrides is not null)
        {
            foreach (var header in overrides.Headers)
            {
                headers[header.Key] = header.Value;
            }
        }

        if (options.AddOrgIdHeader && tenant != RemoteWriteDefaults.SingleTenant && !headers.ContainsKey(RemoteWriteHttpHeaders.OrgId))
        {
            headers[RemoteWriteHttpHeaders.OrgId] = tenant;
        }

        return new RemoteWriteEndpoint(name, new Uri(url, UriKind.Absolute), [.. headers], entry, credentials);
    }
}
