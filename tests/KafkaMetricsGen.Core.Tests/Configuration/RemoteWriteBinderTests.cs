using System.Security.Authentication;

namespace KafkaMetricsGen.Core.Configuration;

public class RemoteWriteBinderTests
{
    [Fact]
    public void Binds_every_key_that_acts_to_the_options_the_sink_reads()
    {
        var storage = Checked(
            """
            remote_write:
              - url: https://mimir:9009/api/v1/push
                name: mimir
                remote_timeout: 7s
                headers: {X-Team: a}
                send_exemplars: false
                send_native_histograms: false
                basic_auth: {username: u, username_file: /u, password: p, password_file: /p}
                authorization: {type: Token, credentials: c, credentials_file: /c}
                tls_config: {ca: CA, ca_file: /ca, cert: C, cert_file: /c, key: K, key_file: /k, server_name: s, insecure_skip_verify: true, min_version: TLS13, max_version: TLS13}
                proxy_url: http://proxy:3128
                no_proxy: .internal
                proxy_from_environment: true
                follow_redirects: false
                enable_http2: false
                metadata_config: {send: false}
                protobuf_message: io.prometheus.write.v2.Request
                write_relabel_configs: [{source_labels: [a, b], separator: ",", target_label: t, regex: "x(.*)", modulus: 4, replacement: "y$1", action: hashmod}]
                queue_config: {max_samples_per_send: 10, min_backoff: 1s, max_backoff: 2s, retry_on_http_429: false, sample_age_limit: 5m, max_pending_windows: 3, capacity: 7, max_shards: 6, min_shards: 2}
            """);

        var entry = Assert.Single(RemoteWriteBinder.Bind(storage).RemoteWrite);

        Assert.Equal(("https://mimir:9009/api/v1/push", "mimir", TimeSpan.FromSeconds(7), "a"), (entry.Url, entry.Name, entry.RemoteTimeout, entry.Headers["X-Team"]));
        Assert.False(entry.SendExemplars);
        Assert.False(entry.SendNativeHistograms);
        Assert.Equal(("u", "/u", "p", "/p"), (entry.BasicAuth!.Username, entry.BasicAuth.UsernameFile, entry.BasicAuth.Password, entry.BasicAuth.PasswordFile));
        Assert.Equal(("Token", "c", "/c"), (entry.Authorization!.Type, entry.Authorization.Credentials, entry.Authorization.CredentialsFile));
        var tls = entry.Tls!;
        Assert.Equal(("CA", "/ca", "C", "/c", "K", "/k", "s"), (tls.Ca, tls.CaFile, tls.Cert, tls.CertFile, tls.Key, tls.KeyFile, tls.ServerName));
        Assert.True(tls.InsecureSkipVerify);
        Assert.Equal((SslProtocols.Tls13, (SslProtocols?)SslProtocols.Tls13), (tls.MinVersion, tls.MaxVersion));
        Assert.Equal(("http://proxy:3128", ".internal", true), (entry.ProxyUrl, entry.NoProxy, entry.ProxyFromEnvironment));
        Assert.False(entry.FollowRedirects);
        Assert.False(entry.EnableHttp2);
        Assert.Equal(RemoteWrite.RemoteWriteMessage.V2, entry.ProtobufMessage);
        var rule = Assert.Single(entry.WriteRelabelConfigs);
        Assert.Equal(["a", "b"], rule.SourceLabels);
        Assert.Equal((",", "t", "x(.*)", 4UL, "y$1", "hashmod"), (rule.Separator, rule.TargetLabel, rule.Regex, rule.Modulus, rule.Replacement, rule.Action));
        var queue = entry.QueueConfig;
        Assert.Equal((10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), false, TimeSpan.FromMinutes(5), 3),
            (queue.MaxSamplesPerSend, queue.MinBackoff, queue.MaxBackoff, queue.RetryOnHttp429, queue.SampleAgeLimit, queue.MaxPendingWindows));
        Assert.Equal((7, 6, 2), (queue.Capacity, queue.MaxShards, queue.MinShards));
    }

    [Fact]
    public void Binds_the_oauth2_and_sigv4_blocks_with_the_token_endpoints_own_transport()
    {
        var storage = Checked(
            """
            remote_write:
              - url: https://gateway/api/v1/push
                oauth2:
                  client_id: id
                  client_secret: s
                  client_secret_file: /s
                  token_url: https://login/token
                  scopes: [a, b]
                  endpoint_params: {audience: prometheus}
                  tls_config: {ca_file: /ca, server_name: login.internal}
                  proxy_url: http://proxy:3128
                  no_proxy: .internal
                  proxy_from_environment: true
              - url: https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write
                sigv4: {region: eu-west-1, access_key: AKID, secret_key: secret, profile: writer}
            """);

        var entries = RemoteWriteBinder.Bind(storage).RemoteWrite;

        var oauth2 = entries[0].OAuth2!;
        Assert.Equal(("id", "s", "/s", "https://login/token"), (oauth2.ClientId, oauth2.ClientSecret, oauth2.ClientSecretFile, oauth2.TokenUrl));
        Assert.Equal(["a", "b"], oauth2.Scopes);
        Assert.Equal("prometheus", oauth2.EndpointParams["audience"]);
        Assert.Equal(("/ca", "login.internal"), (oauth2.Tls!.CaFile, oauth2.Tls.ServerName));
        Assert.Equal(("http://proxy:3128", ".internal", true), (oauth2.ProxyUrl, oauth2.NoProxy, oauth2.ProxyFromEnvironment));
        Assert.Null(entries[0].Tls);
        var sigv4 = entries[1].SigV4!;
        Assert.Equal(("eu-west-1", "AKID", "secret", "writer"), (sigv4.Region, sigv4.AccessKey, sigv4.SecretKey, sigv4.Profile));
    }

    [Fact]
    public void Defaults_follow_prometheus_and_tempo()
    {
        var entry = Assert.Single(RemoteWriteBinder.Bind(Checked("remote_write: [{url: http://p:9090/api/v1/write}]")).RemoteWrite);

        Assert.True(entry.SendExemplars);
        Assert.True(entry.SendNativeHistograms);
        Assert.True(entry.FollowRedirects);
        Assert.True(entry.EnableHttp2);
        Assert.False(entry.ProxyFromEnvironment);
        Assert.Null(entry.BasicAuth);
        Assert.Null(entry.Authorization);
        Assert.Null(entry.Tls);
        Assert.Equal(TimeSpan.FromSeconds(30), entry.RemoteTimeout);
        Assert.Equal(TimeSpan.Zero, entry.QueueConfig.SampleAgeLimit);
        Assert.True(entry.QueueConfig.RetryOnHttp429);
        Assert.Equal(RemoteWrite.RemoteWriteMessage.V1, entry.ProtobufMessage);
    }

    private static ConfigNode Checked(string yaml)
    {
        var node = YamlConfigReader.Parse(yaml, "storage.yaml");
        var errors = new ConfigErrors();
        StorageSchema.Section.Check(node, "metrics_generator.storage", errors);
        errors.ThrowIfAny();
        return StorageSchema.Section.WithDefaults(node)!;
    }
}
