namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// A remote-write entry's <c>oauth2</c> block: the OAuth 2.0 client credentials grant. A token is fetched from
/// <see cref="TokenUrl"/>, cached until shortly before it expires, and sent as <c>Authorization: Bearer</c>; the token
/// endpoint has its own TLS and proxy settings.
/// </summary>
public sealed class OAuth2Options
{
    /// <summary>The form fields the grant itself sets; <c>endpoint_params</c> may override <c>grant_type</c> only, as Go's client allows.</summary>
    public const string GrantType = "grant_type";
    public const string ClientCredentials = "client_credentials";
    public const string Scope = "scope";
    public const string ClientIdField = "client_id";
    public const string ClientSecretField = "client_secret";

    /// <summary>YAML <c>client_id</c>.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>YAML <c>client_secret</c> (a secret: never printed).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>YAML <c>client_secret_file</c>: read for every token request, and a changed secret fetches a new token.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>YAML <c>token_url</c>.</summary>
    public string TokenUrl { get; set; } = "";

    /// <summary>YAML <c>scopes</c>: sent space-separated as <c>scope</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>YAML <c>endpoint_params</c>: extra form fields of the token request.</summary>
    public Dictionary<string, string> EndpointParams { get; set; } = new(StringComparer.Ordinal);

    /// <summary>YAML <c>tls_config</c> of the token endpoint.</summary>
    public TlsOptions? Tls { get; set; }

    /// <summary>YAML <c>proxy_url</c> of the token endpoint.</summary>
    public string? ProxyUrl { get; set; }

    /// <summary>YAML <c>no_proxy</c> of the token endpoint.</summary>
    public string? NoProxy { get; set; }

    /// <summary>YAML <c>proxy_from_environment</c> of the token endpoint.</summary>
    public bool ProxyFromEnvironment { get; set; }

    internal void Validate(string path)
    {
        var key = path + ".oauth2";
        if (string.IsNullOrEmpty(ClientId))
        {
            throw new ArgumentException($"{key}.client_id: must be set");
        }

        if (ClientSecret is not null && ClientSecretFile is not null)
        {
            throw new ArgumentException($"{key}: set at most one of client_secret and client_secret_file");
        }

        if (!RemoteWriteEndpointOptions.IsHttpUrl(TokenUrl))
        {
            throw new ArgumentException($"{key}.token_url: must be an absolute http or https URL (got '{Configuration.ConfigSecrets.RedactUrl(TokenUrl)}')");
        }

        if (EndpointParams.ContainsKey(Scope) || EndpointParams.ContainsKey(ClientIdField) || EndpointParams.ContainsKey(ClientSecretField))
        {
            throw new ArgumentException($"{key}.endpoint_params: must not set scope, client_id or client_secret (use scopes, client_id and client_secret)");
        }

        if (ProxyUrl is not null && !RemoteWriteEndpointOptions.IsHttpUrl(ProxyUrl))
        {
            throw new ArgumentException($"{key}.proxy_url: must be an absolute http or https URL (got '{Configuration.ConfigSecrets.RedactUrl(ProxyUrl)}')");
        }

        if (ProxyUrl is not null && ProxyFromEnvironment)
        {
            throw new ArgumentException($"{key}: set at most one of proxy_url and proxy_from_environment");
        }

        if (NoProxy is not null && ProxyUrl is null)
        {
            throw new ArgumentException($"{key}.no_proxy: needs proxy_url");
        }

        BasicAuthOptions.CheckReadable(ClientSecretFile, key + ".client_secret_file");
        Tls?.Validate(key);
    }
}
