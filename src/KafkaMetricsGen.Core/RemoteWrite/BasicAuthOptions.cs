namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>A remote-write entry's <c>basic_auth</c> block.</summary>
public sealed class BasicAuthOptions
{
    /// <summary>YAML <c>username</c>.</summary>
    public string Username { get; set; } = "";

    /// <summary>YAML <c>username_file</c>: re-read when the file changes.</summary>
    public string? UsernameFile { get; set; }

    /// <summary>YAML <c>password</c>.</summary>
    public string? Password { get; set; }

    /// <summary>YAML <c>password_file</c>: re-read when the file changes (credential rotation); trailing newlines are ignored.</summary>
    public string? PasswordFile { get; set; }

    internal void Validate(string path)
    {
        if (string.IsNullOrEmpty(Username) == (UsernameFile is null))
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.BasicAuthUsername}: set exactly one of username and username_file");
        }

        if (Password is not null && PasswordFile is not null)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.BasicAuthPassword}: set at most one of password and password_file");
        }

        CheckReadable(UsernameFile, path + ".basic_auth.username_file");
        CheckReadable(PasswordFile, path + ".basic_auth.password_file");
    }

    internal static void CheckReadable(string? file, string key)
    {
        if (file is not null && !File.Exists(file))
        {
            throw new ArgumentException($"{key}: cannot read '{file}': no such file");
        }
    }
}
