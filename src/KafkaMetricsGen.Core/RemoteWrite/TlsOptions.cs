using System.Security.Authentication;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>A remote-write entry's <c>tls_config</c> block (Prometheus' TLS client settings).</summary>
public sealed class TlsOptions
{
    /// <summary>YAML <c>ca</c>: PEM of the CA certificates that sign the receiver's certificate (instead of the system store).</summary>
    public string? Ca { get; set; }

    /// <summary>YAML <c>ca_file</c>.</summary>
    public string? CaFile { get; set; }

    /// <summary>YAML <c>cert</c>: PEM client certificate (mutual TLS), with <see cref="Key"/> or <see cref="KeyFile"/>.</summary>
    public string? Cert { get; set; }

    /// <summary>YAML <c>cert_file</c>.</summary>
    public string? CertFile { get; set; }

    /// <summary>YAML <c>key</c>: PEM private key of the client certificate.</summary>
    public string? Key { get; set; }

    /// <summary>YAML <c>key_file</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>YAML <c>server_name</c>: the name the receiver's certificate must carry (SNI stays the URL's host).</summary>
    public string? ServerName { get; set; }

    /// <summary>YAML <c>insecure_skip_verify</c>: accept any receiver certificate.</summary>
    public bool InsecureSkipVerify { get; set; }

    /// <summary>YAML <c>min_version</c>: TLS10, TLS11, TLS12 or TLS13 (Prometheus' default is TLS12).</summary>
    public SslProtocols MinVersion { get; set; } = SslProtocols.Tls12;

    /// <summary>YAML <c>max_version</c>: empty means the newest the platform has.</summary>
    public SslProtocols? MaxVersion { get; set; }

    /// <summary>The protocols between <see cref="MinVersion"/> and <see cref="MaxVersion"/>.</summary>
    public SslProtocols Protocols
    {
        get
        {
            var result = SslProtocols.None;
            foreach (var version in TlsVersions.Ordered)
            {
                if (version >= MinVersion && (MaxVersion is null || version <= MaxVersion))
                {
                    result |= version;
                }
            }

            return result;
        }
    }

    internal void Validate(string path)
    {
        var key = path + ".tls_config";
        if (Ca is not null && CaFile is not null)
        {
            throw new ArgumentException($"{key}: set at most one of ca and ca_file");
        }

        if (Cert is not null && CertFile is not null)
        {
            throw new ArgumentException($"{key}: set at most one of cert and cert_file");
        }

        if (Key is not null && KeyFile is not null)
        {
            throw new ArgumentException($"{key}: set at most one of key and key_file");
        }

        if ((Cert ?? CertFile) is null != ((Key ?? KeyFile) is null))
        {
            throw new ArgumentException($"{key}: a client certificate needs both cert (or cert_file) and key (or key_file)");
        }

        if (MaxVersion is { } max && max < MinVersion)
        {
            throw new ArgumentException($"{key}.max_version: must not be older than min_version");
        }

        BasicAuthOptions.CheckReadable(CaFile, key + ".ca_file");
        BasicAuthOptions.CheckReadable(CertFile, key + ".cert_file");
        BasicAuthOptions.CheckReadable(KeyFile, key + ".key_file");
    }
}
