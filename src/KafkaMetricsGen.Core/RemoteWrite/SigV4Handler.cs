using System.Net.Http.Headers;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Signs every remote-write request of a <c>sigv4</c> entry just before it leaves, so every header set before (the
/// entry's and the tenant's headers, <c>X-Scope-OrgID</c>) is signed too. Signed: <c>host</c>, the content headers
/// but <c>Content-Length</c>, and the request headers but those proxies and clients may rewrite
/// (<c>User-Agent</c>, <c>Authorization</c>, <c>X-Amzn-Trace-Id</c>), as the AWS SDKs do.
/// </summary>
public sealed class SigV4Handler : DelegatingHandler
{
    private static readonly HashSet<string> Unsigned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "User-Agent", "X-Amzn-Trace-Id", "Content-Length", "Expect", "Connection", "Transfer-Encoding",
    };

    private readonly AwsCredentialSource _credentials;
    private readonly string _service;
    private readonly TimeProvider _time;

    public SigV4Handler(AwsCredentialSource credentials, string service, TimeProvider time, HttpMessageHandler inner)
        : base(inner)
    {
        _credentials = credentials;
        _service = service;
        _time = time;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var credentials = _credentials.Current();
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var time = _time.GetUtcNow();
        var headers = request.Headers;
        headers.Remove(RemoteWriteHttpHeaders.Authorization);
        headers.Remove(SigV4Signer.DateHeader);
        headers.Remove(SigV4Signer.SecurityTokenHeader);
        headers.TryAddWithoutValidation(SigV4Signer.DateHeader, SigV4Signer.AmzDate(time));
        if (credentials.SessionToken is { } token)
        {
            headers.TryAddWithoutValidation(SigV4Signer.SecurityTokenHeader, token);
        }

        var uri = request.RequestUri!;
        var signed = new List<KeyValuePair<string, string>> { new("host", headers.Host ?? uri.Authority) };
        Add(signed, headers);
        if (request.Content is not null)
        {
            Add(signed, request.Content.Headers);
        }

        var authorization = SigV4Signer.Authorization(credentials, _credentials.Region, _service, time, request.Method.Method, uri.AbsolutePath, Query(uri), signed, SigV4Signer.PayloadHash(body));
        headers.TryAddWithoutValidation(RemoteWriteHttpHeaders.Authorization, authorization);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void Add(List<KeyValuePair<string, string>> signed, HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            if (!Unsigned.Contains(header.Key) && !string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                signed.Add(new(header.Key, header.Value.ToString()));
            }
        }
    }

    private static List<KeyValuePair<string, string>> Query(Uri uri)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            result.Add(new(Uri.UnescapeDataString(name.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' '))));
        }

        return result;
    }
}
