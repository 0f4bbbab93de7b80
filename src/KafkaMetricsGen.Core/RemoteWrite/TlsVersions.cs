using System.Security.Authentication;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Prometheus' TLS version names (<c>min_version</c>, <c>max_version</c>).</summary>
public static class TlsVersions
{
#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are obsolete, but Prometheus accepts their names.
    public static readonly IReadOnlyList<SslProtocols> Ordered = [SslProtocols.Tls, SslProtocols.Tls11, SslProtocols.Tls12, SslProtocols.Tls13];

    private static readonly Dictionary<string, SslProtocols> ByName = new(StringComparer.Ordinal)
    {
        ["TLS10"] = SslProtocols.Tls,
        ["TLS11"] = SslProtocols.Tls11,
        ["TLS12"] = SslProtocols.Tls12,
        ["TLS13"] = SslProtocols.Tls13,
    };
#pragma warning restore SYSLIB0039

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string name, out SslProtocols version) => ByName.TryGetValue(name, out version);
}
