namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Where a <c>sigv4</c> entry's region and keys come from, in the AWS SDKs' order: the entry's <c>access_key</c> and
/// <c>secret_key</c>; the environment (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>,
/// <c>AWS_SESSION_TOKEN</c>); the profile (<c>profile</c>, else <c>AWS_PROFILE</c>, else <c>default</c>) of
/// <c>$HOME/.aws/credentials</c>, then of <c>$HOME/.aws/config</c>. Keys from a profile are re-read for every request, so
/// rotated temporary credentials are used without a restart. Instance roles and web identity need AWS STS or the
/// instance metadata service and are not looked up.
/// </summary>
public sealed class AwsCredentialSource
{
    private readonly AwsCredentials? _fixed;
    private readonly string? _profile;
    private readonly string? _credentialsFile;
    private readonly string? _configFile;
    private readonly string _key;

    private AwsCredentialSource(string region, AwsCredentials? fixedCredentials, string? profile, string? credentialsFile, string? configFile, string key)
    {
        Region = region;
        _fixed = fixedCredentials;
        _profile = profile;
        _credentialsFile = credentialsFile;
        _configFile = configFile;
        _key = key;
    }

    public string Region { get; }

    /// <summary>Where the keys come from, for messages (never the keys themselves).</summary>
    public string Origin => _fixed is not null ? "fixed" : "profile " + _profile;

    /// <summary>Resolves the region and the keys; throws <see cref="ArgumentException"/> naming <paramref name="key"/> and what is missing.</summary>
    public static AwsCredentialSource Resolve(SigV4Options options, Func<string, string?> environment, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var profile = options.Profile is { Length: > 0 } p ? p : AwsEnvironment.NonEmpty(environment, AwsEnvironment.Profile) ?? AwsEnvironment.DefaultProfile;
        var credentialsFile = AwsEnvironment.CredentialsFilePath(environment);
        var configFile = AwsEnvironment.ConfigFilePath(environment);

        var region = options.Region is { Length: > 0 } r ? r
            : AwsEnvironment.NonEmpty(environment, AwsEnvironment.Region)
            ?? AwsEnvironment.NonEmpty(environment, AwsEnvironment.DefaultRegion)
            ?? Read(configFile, profile, configFile: true, AwsEnvironment.RegionKey, key)
            ?? throw new ArgumentException($"{key}.region: no region: set region, or {AwsEnvironment.Region}, or region in profile '{profile}' of {configFile}");

        AwsCredentials? fixedCredentials = null;
        if (options.AccessKey is { Length: > 0 } accessKey)
        {
            fixedCredentials = new AwsCredentials(accessKey, options.SecretKey!);
        }
        else if (AwsEnvironment.NonEmpty(environment, AwsEnvironment.AccessKeyId) is { } envKey)
        {
            var secret = AwsEnvironment.NonEmpty(environment, AwsEnvironment.SecretAccessKey)
                ?? throw new ArgumentException($"{key}: {AwsEnvironment.AccessKeyId} is set but {AwsEnvironment.SecretAccessKey} is not");
            fixedCredentials = new AwsCredentials(envKey, secret, AwsEnvironment.NonEmpty(environment, AwsEnvironment.SessionToken));
        }

        var source = new AwsCredentialSource(region, fixedCredentials, profile, credentialsFile, configFile, key);
        if (fixedCredentials is null && source.FromProfile() is null)
        {
            throw new ArgumentException(
                $"{key}: no AWS credentials: set access_key and secret_key, or {AwsEnvironment.AccessKeyId} and {AwsEnvironment.SecretAccessKey}, " +
                $"or {AwsEnvironment.AccessKeyIdKey} and {AwsEnvironment.SecretAccessKeyKey} in profile '{profile}' of {credentialsFile} " +
                "(instance roles and web identity need AWS STS, which is not implemented)");
        }

        return source;
    }

    /// <summary>The keys for the next request; throws <see cref="IOException"/> when the profile's keys are gone.</summary>
    public AwsCredentials Current() =>
        _fixed ?? FromProfile() ?? throw new IOException($"{_key}: profile '{_profile}' has no {AwsEnvironment.AccessKeyIdKey} and {AwsEnvironment.SecretAccessKeyKey} any more");

    private AwsCredentials? FromProfile() =>
        FromProfile(AwsSharedFile.Profile(_credentialsFile!, _profile!, configFile: false))
        ?? FromProfile(AwsSharedFile.Profile(_configFile!, _profile!, configFile: true));

    private static AwsCredentials? FromProfile(Dictionary<string, string>? keys) =>
        keys is not null
        && keys.TryGetValue(AwsEnvironment.AccessKeyIdKey, out var id) && id.Length > 0
        && keys.TryGetValue(AwsEnvironment.SecretAccessKeyKey, out var secret) && secret.Length > 0
            ? new AwsCredentials(id, secret, keys.TryGetValue(AwsEnvironment.SessionTokenKey, out var token) && token.Length > 0 ? token : null)
            : null;

    private static string? Read(string file, string profile, bool configFile, string name, string key)
    {
        try
        {
            return AwsSharedFile.Profile(file, profile, configFile) is { } keys && keys.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{key}: cannot read {file}: {e.Message}", e);
        }
    }
}
