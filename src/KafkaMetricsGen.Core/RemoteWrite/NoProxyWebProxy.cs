using System.Net;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// <c>proxy_url</c> with <c>no_proxy</c>: requests go through the proxy unless the host matches an entry of the
/// comma-separated list, read as Go's <c>NO_PROXY</c> is: <c>*</c> (every host), an IP address, a CIDR range, a host
/// name (itself and its subdomains) or <c>.domain</c> (subdomains only); a <c>:port</c> suffix narrows an entry to it.
/// </summary>
public sealed class NoProxyWebProxy : IWebProxy
{
    private readonly Uri _proxy;
    private readonly string[] _entries;

    public NoProxyWebProxy(Uri proxy, string? noProxy)
    {
        _proxy = proxy;
        _entries = (noProxy ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (proxy.UserInfo.Length > 0)
        {
            var colon = proxy.UserInfo.IndexOf(':', StringComparison.Ordinal);
            Credentials = colon < 0
                ? new NetworkCredential(Uri.UnescapeDataString(proxy.UserInfo), "")
                : new NetworkCredential(Uri.UnescapeDataString(proxy.UserInfo[..colon]), Uri.UnescapeDataString(proxy.UserInfo[(colon + 1)..]));
        }
    }

    public ICredentials? Credentials { get; set; }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : _proxy;

    public bool IsBypassed(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        foreach (var entry in _entries)
        {
            if (Matches(entry, host))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string entry, Uri destination)
    {
        if (entry == "*")
        {
            return true;
        }

        var host = destination.IdnHost.Trim('[', ']');
        if (entry.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(entry, out var network) && IPAddress.TryParse(host, out var address) && network.Contains(address);
        }

        var pattern = entry;
        var colon = entry.LastIndexOf(':');
        if (colon > 0 && !IPAddress.TryParse(entry, out _) && int.TryParse(entry[(colon + 1)..], out var port))
        {
            if (port != destination.Port)
            {
                return false;
            }

            pattern = entry[..colon];
        }

        pattern = pattern.Trim('[', ']');
        if (IPAddress.TryParse(pattern, out var ip))
        {
            return IPAddress.TryParse(host, out var target) && ip.AddressFamily == target.AddressFamily && ip.Equals(target);
        }

        if (pattern.StartsWith('.'))
        {
            return host.EndsWith(pattern, StringComparison.OrdinalIgnoreCase);
        }

        return host.Equals(pattern, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + pattern, StringComparison.OrdinalIgnoreCase);
    }
}
