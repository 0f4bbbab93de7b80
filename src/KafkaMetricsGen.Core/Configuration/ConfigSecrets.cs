namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// Which configuration values are secrets, and the copies of a configuration that hide them. Everything the worker
/// prints about its configuration (<c>config check</c>, errors, logs) goes through here, so a password, token or
/// client secret is shown as <see cref="Placeholder"/>, like Prometheus prints <c>&lt;secret&gt;</c>. Values read
/// from <c>*_file</c> keys never enter the configuration tree, only the file names do.
/// </summary>
public static class ConfigSecrets
{
    /// <summary>What is printed instead of a secret value.</summary>
    public const string Placeholder = "<secret>";

    // Keys whose value is a secret wherever they appear: Prometheus' secret fields (basic_auth.password,
    // authorization.credentials, oauth2.client_secret, sigv4.secret_key) and librdkafka's password properties.
    private static readonly HashSet<string> SecretKeys = new(StringComparer.Ordinal)
    {
        "password",
        "credentials",
        "client_secret",
        "secret_key",
        "sasl.password",
        "ssl.key.password",
        "ssl.keystore.password",
        "ssl.truststore.password",
        "sasl.oauthbearer.client.secret",
    };

    // tls_config.key is an inline private key; "key" elsewhere (filter policies) is no secret.
    private const string TlsConfig = "tls_config";
    private const string TlsKey = "key";

    // Header maps: values of headers that carry credentials are secrets.
    private static readonly HashSet<string> HeaderMapKeys = new(StringComparer.Ordinal) { "headers", "remote_write_headers" };

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization",
        "Proxy-Authorization",
        "X-Api-Key",
    };

    // URLs whose user-info password is a secret (http://user:password@host).
    private static readonly HashSet<string> UrlKeys = new(StringComparer.Ordinal) { "url", "proxy_url", "token_url", "remote_write_url" };

    /// <summary>True when a value under <paramref name="key"/> is a secret wherever the key appears.</summary>
    public static bool IsSecretKey(string key) => SecretKeys.Contains(key);

    /// <summary>True when an HTTP header of this name carries credentials (its value is never printed).</summary>
    public static bool IsSecretHeader(string name) => SecretHeaders.Contains(name);

    /// <summary>True when the last segment of a key path (<c>a.b[0].password</c>) names a secret.</summary>
    public static bool IsSecretPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var key in SecretKeys)
        {
            if (path.EndsWith("." + key, StringComparison.Ordinal) || path == key)
            {
                return true;
            }
        }

        return path.EndsWith("." + TlsConfig + "." + TlsKey, StringComparison.Ordinal);
    }

    /// <summary>A copy of <paramref name="node"/> with every secret value replaced by <see cref="Placeholder"/>.</summary>
    public static ConfigNode Redact(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var copy = node.Clone();
        RedactInPlace(copy, parent: "");
        return copy;
    }

    /// <summary><paramref name="url"/> with the password of its user info hidden; other URLs unchanged.</summary>
    public static string RedactUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return url;
        }

        var user = uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)];
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal) + 3;
        return at < 0 || schemeEnd < 3 ? url : url[..schemeEnd] + user + ":" + Placeholder + url[at..];
    }

    private static void RedactInPlace(ConfigNode node, string parent)
    {
        if (node.Kind == ConfigNodeKind.List)
        {
            foreach (var item in node.Items)
            {
                RedactInPlace(item, parent);
            }

            return;
        }

        if (node.Kind != ConfigNodeKind.Map)
        {
            return;
        }

        foreach (var (key, value) in node.Entries.ToArray())
        {
            if (value.Kind == ConfigNodeKind.Scalar && (IsSecretKey(key) || (parent == TlsConfig && key == TlsKey)))
            {
                node.Set(key, ConfigNode.Scalar(Placeholder, quoted: true, value.Line));
            }
            else if (value.Kind == ConfigNodeKind.Scalar && UrlKeys.Contains(key))
            {
                node.Set(key, ConfigNode.Scalar(RedactUrl(value.Value!), value.Quoted, value.Line));
            }
            else if (value.Kind == ConfigNodeKind.List && UrlKeys.Contains(key))
            {
                // remote_write_url may list several endpoints.
                var urls = ConfigNode.List(value.Line);
                foreach (var item in value.Items)
                {
                    urls.Add(item.Kind == ConfigNodeKind.Scalar ? ConfigNode.Scalar(RedactUrl(item.Value!), item.Quoted, item.Line) : item);
                }

                node.Set(key, urls);
            }
            else if (value.Kind == ConfigNodeKind.Map && HeaderMapKeys.Contains(key))
            {
                RedactHeaders(value);
            }
            else
            {
                RedactInPlace(value, key);
            }
        }
    }

    private static void RedactHeaders(ConfigNode headers)
    {
        foreach (var (name, value) in headers.Entries.ToArray())
        {
            if (value.Kind == ConfigNodeKind.Scalar && IsSecretHeader(name))
            {
                headers.Set(name, ConfigNode.Scalar(Placeholder, quoted: true, value.Line));
            }
        }
    }
}
