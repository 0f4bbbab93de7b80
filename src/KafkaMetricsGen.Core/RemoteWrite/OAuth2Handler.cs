using System.Net;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Sends every request of an <c>oauth2</c> entry with the current token; when the receiver answers 401, the token is
/// dropped and the request sent once more with a freshly fetched one (a token revoked before its expiry).
/// </summary>
public sealed class OAuth2Handler : DelegatingHandler
{
    private readonly OAuth2TokenSource _tokens;

    public OAuth2Handler(OAuth2TokenSource tokens, HttpMessageHandler inner)
        : base(inner) => _tokens = tokens;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = await _tokens.HeaderValueAsync(cancellationToken).ConfigureAwait(false);
        Authorize(request, header);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        _tokens.Invalidate(header);
        Authorize(request, await _tokens.HeaderValueAsync(cancellationToken).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokens.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void Authorize(HttpRequestMessage request, string header)
    {
        request.Headers.Remove(RemoteWriteHttpHeaders.Authorization);
        request.Headers.TryAddWithoutValidation(RemoteWriteHttpHeaders.Authorization, header);
    }
}
