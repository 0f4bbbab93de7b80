namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// A remote-write entry's <c>sigv4</c> block: requests are signed with AWS Signature Version 4 for the service
/// <see cref="Service"/> (Amazon Managed Service for Prometheus). Where the key and region come from is decided by
/// <see cref="AwsCredentialSource"/>.
/// </summary>
public sealed class SigV4Options
{
    /// <summary>The signing name of Amazon Managed Service for Prometheus, as Prometheus signs remote writes.</summary>
    public const string Service = "aps";

    /// <summary>YAML <c>region</c>; empty: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, then the profile's region in <c>$HOME/.aws/config</c>.</summary>
    public string? Region { get; set; }

    /// <summary>YAML <c>access_key</c>, with <see cref="SecretKey"/>; empty: the environment, then the profile.</summary>
    public string? AccessKey { get; set; }

    /// <summary>YAML <c>secret_key</c> (a secret: never printed).</summary>
    public string? SecretKey { get; set; }

    /// <summary>YAML <c>profile</c>: the profile of <c>$HOME/.aws/credentials</c> and <c>$HOME/.aws/config</c>; empty: <c>AWS_PROFILE</c>, then <c>default</c>.</summary>
    public string? Profile { get; set; }

    internal void Validate(string path)
    {
        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            throw new ArgumentException($"{path}.sigv4: set both access_key and secret_key, or neither (then the AWS environment variables or the profile give them)");
        }

        // Resolved now, so a missing region or key stops the worker at start rather than failing every send.
        AwsCredentialSource.Resolve(this, AwsEnvironment.Process, path + ".sigv4");
    }
}
