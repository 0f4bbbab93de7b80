namespace KafkaMetricsGen.Core.RemoteWrite;

public class RemoteWriteOptionsTests
{
    [Fact]
    public void Defaults_match_Tempo_and_Prometheus()
    {
        var options = new RemoteWriteOptions();
        var entry = new RemoteWriteEndpointOptions();
        Assert.True(options.AddOrgIdHeader);
        Assert.Equal(TimeSpan.FromMinutes(1), options.FlushDeadline);
        Assert.Equal(TimeSpan.FromSeconds(30), entry.RemoteTimeout);
        Assert.Equal(2000, entry.QueueConfig.MaxSamplesPerSend);
        Assert.Equal(TimeSpan.FromMilliseconds(30), entry.QueueConfig.MinBackoff);
        Assert.Equal(TimeSpan.FromSeconds(5), entry.QueueConfig.MaxBackoff);
        Assert.Equal(240, entry.QueueConfig.MaxPendingWindows);
        Assert.Equal((10000, 50, 1), (entry.QueueConfig.Capacity, entry.QueueConfig.MaxShards, entry.QueueConfig.MinShards));
        Assert.Equal(RemoteWriteMessage.V1, entry.ProtobufMessage);
        Assert.Equal("single-tenant", RemoteWriteDefaults.SingleTenant);
    }

    [Fact]
    public void A_valid_configuration_passes()
    {
        var options = new RemoteWriteOptions { RemoteWrite = [new RemoteWriteEndpointOptions { Url = "https://mimir:8080/api/v1/push" }] };
        options.Validate();
        Assert.Single(options.RemoteWrite);
    }

    [Fact]
    public void Refuses_min_shards_above_max_shards_naming_the_key()
    {
        var entry = new RemoteWriteEndpointOptions { Url = "http://ok/" };
        entry.QueueConfig.MinShards = 5;
        entry.QueueConfig.MaxShards = 2;
        var error = Assert.Throws<ArgumentException>(new RemoteWriteOptions { RemoteWrite = [entry] }.Validate);
        Assert.StartsWith("metrics_generator.storage.remote_write[0].queue_config.max_shards: must not be less than min_shards (5)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "metrics_generator.storage.remote_write[1].url")]
    [InlineData("ftp://x/", "metrics_generator.storage.remote_write[1].url")]
    public void Rejects_an_entry_without_an_http_url_naming_its_index(string url, string key)
    {
        var options = new RemoteWriteOptions
        {
            RemoteWrite = [new RemoteWriteEndpointOptions { Url = "http://ok/" }, new RemoteWriteEndpointOptions { Url = url }],
        };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith(key + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_max_backoff_below_min_backoff()
    {
        var entry = new RemoteWriteEndpointOptions { Url = "http://ok/" };
        entry.QueueConfig.MinBackoff = TimeSpan.FromSeconds(2);
        entry.QueueConfig.MaxBackoff = TimeSpan.FromSeconds(1);
        var error = Assert.Throws<ArgumentException>(new RemoteWriteOptions { RemoteWrite = [entry] }.Validate);
        Assert.StartsWith("metrics_generator.storage.remote_write[0].queue_config.max_backoff:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_non_positive_max_samples_per_send()
    {
        var entry = new RemoteWriteEndpointOptions { Url = "http://ok/" };
        entry.QueueConfig.MaxSamplesPerSend = 0;
        var error = Assert.Throws<ArgumentException>(new RemoteWriteOptions { RemoteWrite = [entry] }.Validate);
        Assert.Contains("queue_config.max_samples_per_send", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_basic_auth_with_both_a_password_and_a_password_file()
    {
        var entry = new RemoteWriteEndpointOptions { Url = "http://ok/", BasicAuth = new BasicAuthOptions { Username = "u", Password = "p", PasswordFile = "/etc/hostname" } };
        var error = Assert.Throws<ArgumentException>(new RemoteWriteOptions { RemoteWrite = [entry] }.Validate);
        Assert.Contains("basic_auth.password", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replace", "(", "", "write_relabel_configs[0].regex: not a valid regular expression")]
    [InlineData("replace", "(.*)", "", "write_relabel_configs[0].target_label: required by action replace")]
    [InlineData("hashmod", "(.*)", "t", "write_relabel_configs[0].modulus: required (> 0) by action hashmod")]
    public void Rejects_a_relabel_rule_that_cannot_work(string action, string regex, string target, string message)
    {
        var entry = new RemoteWriteEndpointOptions { Url = "http://ok/" };
        entry.WriteRelabelConfigs.Add(new RelabelConfig { Action = action, Regex = regex, TargetLabel = target, SourceLabels = ["a"] });
        var error = Assert.Throws<ArgumentException>(new RemoteWriteOptions { RemoteWrite = [entry] }.Validate);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_tenant_url_that_is_not_http()
    {
        var error = Assert.Throws<ArgumentException>(new RemoteWriteTenantOverrides { Url = "not a url" }.Validate);
        Assert.StartsWith("overrides.metrics_generator.remote_write_url:", error.Message, StringComparison.Ordinal);
    }
}
