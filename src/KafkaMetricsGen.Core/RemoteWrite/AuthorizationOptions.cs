namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>A remote-write entry's <c>authorization</c> block: <c>Authorization: &lt;type&gt; &lt;credentials&gt;</c>.</summary>
public sealed class AuthorizationOptions
{
    /// <summary>Prometheus' default scheme.</summary>
    public const string DefaultType = "Bearer";

    /// <summary>YAML <c>type</c>; <c>Basic</c> is refused (use basic_auth), as Prometheus does.</summary>
    public string Type { get; set; } = DefaultType;

    /// <summary>YAML <c>credentials</c>.</summary>
    public string? Credentials { get; set; }

    /// <summary>YAML <c>credentials_file</c>: re-read when the file changes.</summary>
    public string? CredentialsFile { get; set; }

    internal void Validate(string path)
    {
        if (string.Equals(Type, "basic", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{path}.authorization.type: Basic is not allowed here; use basic_auth");
        }

        if (Credentials is not null && CredentialsFile is not null)
        {
            throw new ArgumentException($"{path}.authorization: set at most one of credentials and credentials_file");
        }

        BasicAuthOptions.CheckReadable(CredentialsFile, path + ".authorization.credentials_file");
    }
}
