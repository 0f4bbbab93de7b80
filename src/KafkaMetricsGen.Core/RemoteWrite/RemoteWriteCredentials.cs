using System.Text;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// The <c>Authorization</c> header of one remote-write entry, from <c>basic_auth</c> or <c>authorization</c>. Built
/// per request so that values kept in <c>*_file</c> keys follow the file when it is rewritten (credential rotation).
/// </summary>
public sealed class RemoteWriteCredentials
{
    private readonly string? _username;
    private readonly SecretFile? _usernameFile;
    private readonly string? _password;
    private readonly SecretFile? _passwordFile;
    private readonly string? _type;
    private readonly string? _credentials;
    private readonly SecretFile? _credentialsFile;
    private readonly Lock _gate = new();
    private string? _lastInput;
    private string? _lastHeader;

    private RemoteWriteCredentials(BasicAuthOptions basic)
    {
        _username = basic.UsernameFile is null ? basic.Username : null;
        _usernameFile = basic.UsernameFile is { } u ? new SecretFile(u) : null;
        _password = basic.PasswordFile is null ? basic.Password ?? "" : null;
        _passwordFile = basic.PasswordFile is { } p ? new SecretFile(p) : null;
    }

    private RemoteWriteCredentials(AuthorizationOptions authorization)
    {
        _type = authorization.Type;
        _credentials = authorization.CredentialsFile is null ? authorization.Credentials ?? "" : null;
        _credentialsFile = authorization.CredentialsFile is { } c ? new SecretFile(c) : null;
    }

    /// <summary>The credentials of <paramref name="entry"/>, or null when it has none.</summary>
    public static RemoteWriteCredentials? For(RemoteWriteEndpointOptions entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.BasicAuth is { } basic ? new RemoteWriteCredentials(basic)
            : entry.Authorization is { } authorization ? new RemoteWriteCredentials(authorization)
            : null;
    }

    /// <summary>The header value for the next request; throws <see cref="IOException"/> when a file cannot be read.</summary>
    public string HeaderValue()
    {
        if (_type is not null)
        {
            return _type + " " + (_credentialsFile?.Read() ?? _credentials);
        }

        var input = (_usernameFile?.Read() ?? _username) + ":" + (_passwordFile?.Read() ?? _password);
        lock (_gate)
        {
            if (!string.Equals(input, _lastInput, StringComparison.Ordinal))
            {
                _lastHeader = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(input));
                _lastInput = input;
            }

            return _lastHeader!;
        }
    }
}
