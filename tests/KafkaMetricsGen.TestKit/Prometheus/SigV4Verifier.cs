using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>
/// What an AWS endpoint checks of a Signature Version 4 request, written out plainly and apart from the worker's
/// signer: credential scope, a fresh <c>X-Amz-Date</c>, the remote-write headers signed, and the signature over the
/// canonical request. For a <see cref="CheckingReceiver"/> in front of a real Prometheus.
/// </summary>
public static partial class SigV4Verifier
{
    /// <summary>Null when <paramref name="request"/> is signed right with these keys for this region and service, else why not.</summary>
    public static string? Verify(HttpRequest request, byte[] body, string accessKey, string secretKey, string region, string service, string? sessionToken = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var match = AuthorizationPattern().Match(request.Headers.Authorization.ToString());
        if (!match.Success)
        {
            return "no AWS4-HMAC-SHA256 authorization";
        }

        var (key, day, scopeRegion, scopeService, signedHeaders, signature) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value, match.Groups[5].Value, match.Groups[6].Value);
        if (key != accessKey || scopeRegion != region || scopeService != service)
        {
            return $"wrong scope {key}/{scopeRegion}/{scopeService}";
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || Math.Abs((DateTime.UtcNow - signedAt).TotalMinutes) > 5 || !amzDate.StartsWith(day, StringComparison.Ordinal))
        {
            return "bad X-Amz-Date " + amzDate;
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date") || !names.Contains("content-type") || !names.Contains("x-prometheus-remote-write-version"))
        {
            return "headers left unsigned: " + signedHeaders;
        }

        if (sessionToken is not null && (!names.Contains("x-amz-security-token") || request.Headers["X-Amz-Security-Token"] != sessionToken))
        {
            return "no signed session token";
        }

        var canonical = new StringBuilder(request.Method).Append('\n').Append(request.Path.Value).Append("\n\n");
        foreach (var name in names)
        {
            canonical.Append(name).Append(':').Append(request.Headers[name].ToString().Trim()).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        var scope = $"{day}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signingKey = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in (string[])[day, region, service, "aws4_request"])
        {
            signingKey = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(part));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign))) == signature ? null : "signature mismatch";
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
