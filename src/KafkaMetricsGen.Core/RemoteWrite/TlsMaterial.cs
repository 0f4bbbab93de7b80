using System.Security.Cryptography.X509Certificates;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// The CA certificates and the client certificate of a <c>tls_config</c>. Values from <c>ca_file</c>,
/// <c>cert_file</c> and <c>key_file</c> are read again at every new connection and reloaded when their content
/// changed (credential rotation); while a rewrite is half done (a certificate without its key), the previous ones
/// stay in use. Connections already open keep the certificates they were made with.
/// </summary>
public sealed class TlsMaterial
{
    private readonly TlsOptions _tls;
    private readonly Lock _gate = new();
    private string? _caPem;
    private string? _certPem;
    private string? _keyPem;
    private X509Certificate2Collection _roots = [];
    private X509Certificate2? _client;

    /// <summary>Loads the certificates now; throws <see cref="ArgumentException"/> naming the key when one is bad.</summary>
    public TlsMaterial(TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        _tls = tls;
        Load(throwOnError: true);
    }

    /// <summary>The configured CA certificates (empty: the system's trust store).</summary>
    public X509Certificate2Collection Roots
    {
        get
        {
            Load(throwOnError: false);
            lock (_gate)
            {
                return _roots;
            }
        }
    }

    /// <summary>The client certificate with its key, or null.</summary>
    public X509Certificate2? ClientCertificate
    {
        get
        {
            Load(throwOnError: false);
            lock (_gate)
            {
                return _client;
            }
        }
    }

    private void Load(bool throwOnError)
    {
        string? caPem, certPem, keyPem;
        try
        {
            caPem = _tls.CaFile is { } caFile ? File.ReadAllText(caFile) : _tls.Ca;
            certPem = _tls.CertFile is { } certFile ? File.ReadAllText(certFile) : _tls.Cert;
            keyPem = _tls.KeyFile is { } keyFile ? File.ReadAllText(keyFile) : _tls.Key;
        }
        catch (Exception e) when (!throwOnError && e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        lock (_gate)
        {
            if (caPem != _caPem)
            {
                var roots = new X509Certificate2Collection();
                if (caPem is not null)
                {
                    try
                    {
                        roots.ImportFromPem(caPem);
                    }
                    catch (System.Security.Cryptography.CryptographicException) when (!throwOnError)
                    {
                    }
                }

                if (caPem is not null && roots.Count == 0)
                {
                    if (throwOnError)
                    {
                        throw new ArgumentException("tls_config." + (_tls.CaFile is null ? "ca" : "ca_file") + ": no PEM certificate found");
                    }
                }
                else
                {
                    _roots = roots;
                    _caPem = caPem;
                }
            }

            if (certPem is not null && keyPem is not null && (certPem != _certPem || keyPem != _keyPem))
            {
                try
                {
                    using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);

                    // A PKCS#12 round trip gives the TLS stack a certificate whose key it can use on every platform.
                    _client = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
                    _certPem = certPem;
                    _keyPem = keyPem;
                }
                catch (System.Security.Cryptography.CryptographicException) when (!throwOnError)
                {
                }
            }
        }
    }
}
