namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Where sigv4 finds its region and keys, and what stops the worker at start when it finds none.</summary>
public sealed class AwsCredentialSourceTests : IDisposable
{
    private const string Key = "metrics_generator.storage.remote_write[0].sigv4";
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-aws-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_entrys_keys_and_region_win_over_the_environment()
    {
        var source = Resolve(new SigV4Options { Region = "eu-west-1", AccessKey = "AKID", SecretKey = "secret" }, Env((AwsEnvironment.AccessKeyId, "ENV"), (AwsEnvironment.SecretAccessKey, "env"), (AwsEnvironment.Region, "us-east-1")));

        Assert.Equal("eu-west-1", source.Region);
        Assert.Equal(new AwsCredentials("AKID", "secret"), source.Current());
    }

    [Fact]
    public void The_environment_variables_give_keys_session_token_and_region()
    {
        var source = Resolve(new SigV4Options(), Env((AwsEnvironment.AccessKeyId, "ENV"), (AwsEnvironment.SecretAccessKey, "env"), (AwsEnvironment.SessionToken, "token"), (AwsEnvironment.DefaultRegion, "ap-south-1")));

        Assert.Equal("ap-south-1", source.Region);
        Assert.Equal(new AwsCredentials("ENV", "env", "token"), source.Current());
    }

    [Fact]
    public void Aws_profile_picks_the_profile_and_its_region_from_the_config_file()
    {
        Write("credentials", "[default]\naws_access_key_id = D\naws_secret_access_key = d\n[ops]\n# rotated daily\naws_access_key_id=OPS\naws_secret_access_key=ops\naws_session_token=t\n");
        Write("config", "[default]\nregion = us-east-1\n[profile ops]\nregion = eu-central-1\n");

        var source = Resolve(new SigV4Options(), Env((AwsEnvironment.Profile, "ops")));

        Assert.Equal("eu-central-1", source.Region);
        Assert.Equal(new AwsCredentials("OPS", "ops", "t"), source.Current());
    }

    [Fact]
    public void Without_a_region_the_error_names_the_region_key_and_where_it_was_looked_for()
    {
        var e = Assert.Throws<ArgumentException>(() => Resolve(new SigV4Options { AccessKey = "A", SecretKey = "s" }, Env()));

        Assert.StartsWith(Key + ".region: no region: set region, or AWS_REGION", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_keys_the_error_names_every_place_looked_at_and_that_instance_roles_need_sts()
    {
        var e = Assert.Throws<ArgumentException>(() => Resolve(new SigV4Options { Region = "eu-west-1" }, Env()));

        Assert.StartsWith(Key + ": no AWS credentials: set access_key and secret_key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", e.Message, StringComparison.Ordinal);
        Assert.Contains("need AWS STS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_the_credentials_never_shows_the_secret_key_or_token()
    {
        Assert.DoesNotContain("secret", new AwsCredentials("AKID", "secret", "token").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token", new AwsCredentials("AKID", "secret", "token").ToString(), StringComparison.Ordinal);
    }

    private AwsCredentialSource Resolve(SigV4Options options, Func<string, string?> environment) => AwsCredentialSource.Resolve(options, environment, Key);

    private Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        map[AwsEnvironment.Home] = _dir;
        return map.GetValueOrDefault;
    }

    private void Write(string name, string content)
    {
        Directory.CreateDirectory(Path.Combine(_dir, ".aws"));
        File.WriteAllText(Path.Combine(_dir, ".aws", name), content);
    }
}
