using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// OAuth 2.0 client credentials: fetches a token from <c>token_url</c> and keeps it until
/// <see cref="ExpiryMargin"/> before it expires (a token without <c>expires_in</c> is kept until the receiver refuses
/// it). The client authenticates as Go's client does by default: HTTP Basic with the URL-encoded id and secret first,
/// and if the endpoint refuses that, the id and secret as form fields, remembering what worked.
/// </summary>
public sealed class OAuth2TokenSource : IDisposable
{
    /// <summary>A token is refreshed this long before it expires, so it does not expire in flight.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

    private readonly OAuth2Options _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly SecretFile? _secretFile;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private string? _header;
    private DateTimeOffset? _expires;
    private string? _secretUsed;
    private bool _secretInBody;

    public OAuth2TokenSource(OAuth2Options options, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _http = http;
        _time = time;
        _secretFile = options.ClientSecretFile is { } file ? new SecretFile(file) : null;
    }

    /// <summary>Token requests sent (for tests and self-checks).</summary>
    public int Fetches { get; private set; }

    /// <summary>The <c>Authorization</c> value to send; fetches a token when none is valid.</summary>
    public async Task<string> HeaderValueAsync(CancellationToken cancellationToken)
    {
        var secret = Secret();
        if (Valid(secret) is { } header)
        {
            return header;
        }

        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Valid(secret) ?? await FetchAsync(secret, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>Forgets <paramref name="header"/> (the receiver refused it), so the next call fetches a new token.</summary>
    public void Invalidate(string header)
    {
        if (string.Equals(Volatile.Read(ref _header), header, StringComparison.Ordinal))
        {
            Volatile.Write(ref _header, null);
        }
    }

    public void Dispose()
    {
        _fetching.Dispose();
        _http.Dispose();
    }

    private string Secret() => _secretFile?.Read() ?? _options.ClientSecret ?? "";

    private string? Valid(string secret)
    {
        var header = Volatile.Read(ref _header);
        return header is not null
            && string.Equals(secret, _secretUsed, StringComparison.Ordinal)
            && (_expires is not { } expires || _time.GetUtcNow() < expires - ExpiryMargin)
            ? header
            : null;
    }

    private async Task<string> FetchAsync(string secret, CancellationToken cancellationToken)
    {
        var first = await RequestAsync(secret, _secretInBody, cancellationToken).ConfigureAwait(false);
        using var response = !first.IsSuccessStatusCode && !_secretInBody
            ? await RetryInBodyAsync(first, secret, cancellationToken).ConfigureAwait(false)
            : first;
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"oauth2: token_url answered {(int)response.StatusCode}");
        }

        var now = _time.GetUtcNow();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (!root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 } accessToken)
        {
            throw new IOException("oauth2: token_url answered without an access_token");
        }

        var type = root.TryGetProperty("token_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        _expires = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) && seconds > 0 ? now + TimeSpan.FromSeconds(seconds) : null;
        _secretUsed = secret;
        var header = TokenType(type) + " " + accessToken;
        Volatile.Write(ref _header, header);
        return header;
    }

    private async Task<HttpResponseMessage> RetryInBodyAsync(HttpResponseMessage refused, string secret, CancellationToken cancellationToken)
    {
        refused.Dispose();
        var response = await RequestAsync(secret, inBody: true, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            _secretInBody = true;
        }

        return response;
    }

    private async Task<HttpResponseMessage> RequestAsync(string secret, bool inBody, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new(OAuth2Options.GrantType, OAuth2Options.ClientCredentials) };
        if (_options.Scopes.Count > 0)
        {
            form.Add(new(OAuth2Options.Scope, string.Join(' ', _options.Scopes)));
        }

        foreach (var (name, value) in _options.EndpointParams)
        {
            form.RemoveAll(f => f.Key == name);
            form.Add(new(name, value));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenUrl);
        if (inBody)
        {
            form.Add(new(OAuth2Options.ClientIdField, _options.ClientId));
            form.Add(new(OAuth2Options.ClientSecretField, secret));
        }
        else
        {
            var pair = Uri.EscapeDataString(_options.ClientId) + ":" + Uri.EscapeDataString(secret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        request.Content = new FormUrlEncodedContent(form);
        Fetches++;
        return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Go's normalization of <c>token_type</c>: bearer, mac and basic in their usual case; empty is Bearer.</summary>
    private static string TokenType(string? type) => type switch
    {
        null or "" => "Bearer",
        _ when type.Equals("bearer", StringComparison.OrdinalIgnoreCase) => "Bearer",
        _ when type.Equals("mac", StringComparison.OrdinalIgnoreCase) => "MAC",
        _ when type.Equals("basic", StringComparison.OrdinalIgnoreCase) => "Basic",
        _ => type,
    };
}
