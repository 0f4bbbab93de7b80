namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>A remote-write entry's <c>basic_auth</c> block.</summary>
public sealed class BasicAuthOptions
{
    /// <summary>YAML <c>username</c>.</summary>
    public string Username { get; set; } = "";

    /// <summary>YAML <c>password</c>.</summary>
    public string? Password { get; set; }

    /// <summary>YAML <c>password_file</c>: read when the queue is created; trailing newlines are ignored.</summary>
    public string? PasswordFile { get; set; }

    internal void Validate(string path)
    {
        if (string.IsNullOrEmpty(Username))
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.BasicAuthUsername}: must not be empty");
        }

        if (Password is null && PasswordFile is null)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.BasicAuthPassword}: password or password_file is required");
        }
    }

    internal string ResolvePassword() =>
        Password ?? File.ReadAllText(PasswordFile!).TrimEnd('\r', '\n');
}
