using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>), as Amazon Managed Service for Prometheus checks it: a canonical
/// request (method, normalized path, sorted query, sorted lower-case headers, payload hash), the string to sign over
/// it, and an HMAC-SHA256 chain from the secret key through date, region, service and <c>aws4_request</c>. Pure
/// functions, checked against AWS's published test suite; <see cref="SigV4Handler"/> applies them to requests.
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const string Terminator = "aws4_request";

    /// <summary>The canonical request. <paramref name="path"/> is the path as sent on the wire (its segments are
    /// encoded once more, which for services other than S3 is the double encoding AWS asks for); query names and
    /// values are decoded; header values are as sent (repeated names keep their order).</summary>
    public static string CanonicalRequest(string method, string path, IEnumerable<KeyValuePair<string, string>> query, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash, out string signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(method);
        var canonicalHeaders = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.ToLowerInvariant();
            var trimmed = CollapseSpaces(value);
            canonicalHeaders[key] = canonicalHeaders.TryGetValue(key, out var previous) ? previous + "," + trimmed : trimmed;
        }

        signedHeaders = string.Join(';', canonicalHeaders.Keys);
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(path)).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary><c>date/region/service/aws4_request</c>.</summary>
    public static string Scope(DateTimeOffset time, string region, string service) =>
        time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "/" + region + "/" + service + "/" + Terminator;

    public static string StringToSign(DateTimeOffset time, string scope, string canonicalRequest) =>
        Algorithm + "\n" + AmzDate(time) + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    /// <summary>The hex signature of <paramref name="stringToSign"/>.</summary>
    public static string Signature(string secretKey, DateTimeOffset time, string region, string service, string stringToSign)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Terminator));
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>The <c>Authorization</c> header value for a request whose headers already carry <c>X-Amz-Date</c>
    /// (and <c>X-Amz-Security-Token</c> with temporary credentials).</summary>
    public static string Authorization(AwsCredentials credentials, string region, string service, DateTimeOffset time, string method, string path, IEnumerable<KeyValuePair<string, string>> query, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var canonical = CanonicalRequest(method, path, query, headers, payloadHash, out var signedHeaders);
        var scope = Scope(time, region, service);
        var signature = Signature(credentials.SecretKey, time, region, service, StringToSign(time, scope, canonical));
        return Algorithm + " Credential=" + credentials.AccessKey + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string PayloadHash(ReadOnlySpan<byte> body) => Hex(SHA256.HashData(body));

    /// <summary>RFC 3986 encoding as AWS wants it: everything but <c>A-Z a-z 0-9 - _ . ~</c> as upper-case <c>%XX</c> of its UTF-8 bytes.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Empty and <c>.</c> segments removed, <c>..</c> applied, each segment encoded; a trailing slash kept.</summary>
    private static string CanonicalPath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(Encode(segment));
        }

        var trailing = segments.Count > 0 && (path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal));
        return "/" + string.Join('/', segments) + (trailing ? "/" : "");
    }

    private static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var (name, value) in query)
        {
            pairs.Add((Encode(name), Encode(value)));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => p.Name + "=" + p.Value));
    }

    /// <summary>Leading and trailing spaces removed, runs of spaces inside collapsed to one.</summary>
    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (c == ' ')
            {
                if (!space)
                {
                    builder.Append(c);
                }

                space = true;
                continue;
            }

            builder.Append(c);
            space = false;
        }

        return builder.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
