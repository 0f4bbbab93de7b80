namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>An AWS access key pair, with the session token of temporary credentials.</summary>
public sealed record AwsCredentials(string AccessKey, string SecretKey, string? SessionToken = null)
{
    /// <summary>Never prints the secret key or the session token.</summary>
    public override string ToString() => "AwsCredentials { AccessKey = " + AccessKey + " }";
}
