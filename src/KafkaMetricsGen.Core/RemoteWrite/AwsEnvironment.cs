namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>The standard AWS environment variables and shared files that <c>sigv4</c> reads, as the AWS SDKs name them.</summary>
public static class AwsEnvironment
{
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";
    public const string Region = "AWS_REGION";
    public const string DefaultRegion = "AWS_DEFAULT_REGION";
    public const string Profile = "AWS_PROFILE";
    public const string SharedCredentialsFile = "AWS_SHARED_CREDENTIALS_FILE";
    public const string ConfigFile = "AWS_CONFIG_FILE";
    public const string Home = "HOME";
    public const string DefaultProfile = "default";

    /// <summary>Keys of the shared credentials and config files.</summary>
    public const string AccessKeyIdKey = "aws_access_key_id";
    public const string SecretAccessKeyKey = "aws_secret_access_key";
    public const string SessionTokenKey = "aws_session_token";
    public const string RegionKey = "region";

    /// <summary>The process environment.</summary>
    public static Func<string, string?> Process { get; } = Environment.GetEnvironmentVariable;

    /// <summary><c>.aws/credentials</c> in the home directory, or <c>AWS_SHARED_CREDENTIALS_FILE</c>.</summary>
    public static string CredentialsFilePath(Func<string, string?> environment) =>
        NonEmpty(environment, SharedCredentialsFile) ?? Path.Combine(HomeDirectory(environment), ".aws", "credentials");

    /// <summary><c>.aws/config</c> in the home directory, or <c>AWS_CONFIG_FILE</c>.</summary>
    public static string ConfigFilePath(Func<string, string?> environment) =>
        NonEmpty(environment, ConfigFile) ?? Path.Combine(HomeDirectory(environment), ".aws", "config");

    public static string? NonEmpty(Func<string, string?> environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(name) is { Length: > 0 } value ? value : null;
    }

    private static string HomeDirectory(Func<string, string?> environment) =>
        NonEmpty(environment, Home) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
