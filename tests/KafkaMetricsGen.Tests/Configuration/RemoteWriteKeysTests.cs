using KafkaMetricsGen.Commands;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Tests.Configuration;

/// <summary>
/// Every key a <c>storage.remote_write</c> entry accepts, each with the test that shows its effect, or refused at
/// start. The list must match the schema: a key added to <see cref="RemoteWriteSchema"/> without a test here fails.
/// </summary>
public sealed class RemoteWriteKeysTests : IDisposable
{
    private const string Refused = "refused";

    /// <summary>Key path inside an entry → "TestClass.Test_method" that shows its effect, or <see cref="Refused"/>.</summary>
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["url"] = "PrometheusRemoteWriteTests.A_counter_is_stored_with_its_first_zero_sample_and_queryable",
        ["name"] = "RemoteWriteQueueTests.The_entry_name_labels_the_self_metrics",
        ["headers"] = "RemoteWriteEndpointTests.Merges_tenant_headers_over_configured_ones",
        ["remote_timeout"] = "RemoteWriteQueueTests.Times_out_a_hanging_request_and_retries_it",
        ["send_exemplars"] = "WriteRequestEncoderTests.Leaves_exemplars_out_when_send_exemplars_is_off",
        ["send_native_histograms"] = "WriteRequestEncoderTests.Leaves_native_histograms_out_when_send_native_histograms_is_off",
        ["basic_auth"] = "RemoteWriteHttpClientsTests.A_wrong_password_is_answered_401_and_counted_as_failed",
        ["basic_auth.username"] = "RemoteWriteHttpClientsTests.A_private_ca_server_name_and_a_password_file_reach_prometheus",
        ["basic_auth.username_file"] = "RemoteWriteCredentialsTests.The_username_can_come_from_a_file_too",
        ["basic_auth.password"] = "RemoteWriteHttpClientsTests.A_wrong_password_is_answered_401_and_counted_as_failed",
        ["basic_auth.password_file"] = "RemoteWriteCredentialsTests.A_rewritten_password_file_is_used_from_the_next_request_on",
        ["authorization"] = "RemoteWriteCredentialsTests.Authorization_with_inline_credentials_and_a_custom_type",
        ["authorization.type"] = "RemoteWriteCredentialsTests.Authorization_with_inline_credentials_and_a_custom_type",
        ["authorization.credentials"] = "ProcessCommandTests.Remote_write_config_sends_through_every_configured_entry_with_its_settings",
        ["authorization.credentials_file"] = "RemoteWriteCredentialsTests.Authorization_sends_its_type_and_the_credentials_file_as_it_changes",
        ["tls_config"] = "RemoteWriteHttpClientsTests.Without_the_private_ca_the_receivers_certificate_is_refused",
        ["tls_config.ca"] = "RemoteWriteHttpClientsTests.The_ca_given_inline_works_as_the_ca_file",
        ["tls_config.ca_file"] = "RemoteWriteHttpClientsTests.A_private_ca_server_name_and_a_password_file_reach_prometheus",
        ["tls_config.cert"] = "RemoteWriteHttpClientsMutualTlsTests.The_client_certificate_given_inline_is_accepted",
        ["tls_config.cert_file"] = "RemoteWriteHttpClientsMutualTlsTests.The_client_certificate_from_cert_file_and_key_file_is_accepted",
        ["tls_config.key"] = "RemoteWriteHttpClientsMutualTlsTests.The_client_certificate_given_inline_is_accepted",
        ["tls_config.key_file"] = "RemoteWriteHttpClientsMutualTlsTests.The_client_certificate_from_cert_file_and_key_file_is_accepted",
        ["tls_config.server_name"] = "RemoteWriteHttpClientsTests.Without_server_name_the_certificate_does_not_match_the_address",
        ["tls_config.insecure_skip_verify"] = "RemoteWriteHttpClientsTests.Insecure_skip_verify_accepts_the_receiver_without_its_ca",
        ["tls_config.min_version"] = "RemoteWriteHttpClientsTests.A_min_version_above_what_the_receiver_speaks_fails_the_handshake",
        ["tls_config.max_version"] = "RemoteWriteHttpClientsHttpTests.Max_version_below_what_the_receiver_requires_fails_the_handshake",
        ["proxy_url"] = "RemoteWriteHttpClientsHttpTests.Proxy_url_carries_the_writes_to_prometheus_with_its_credentials",
        ["no_proxy"] = "RemoteWriteHttpClientsHttpTests.No_proxy_naming_the_receiver_bypasses_the_proxy",
        ["proxy_from_environment"] = "ProcessCommandTests.Proxy_from_environment_uses_the_http_proxy_variable_of_the_process",
        ["follow_redirects"] = "RemoteWriteHttpClientsHttpTests.With_follow_redirects_off_a_redirect_counts_as_failed",
        ["enable_http2"] = "RemoteWriteHttpClientsHttpTests.Enable_http2_decides_the_protocol_negotiated_over_tls",
        ["queue_config"] = "RemoteWriteBinderTests.Binds_every_key_that_acts_to_the_options_the_sink_reads",
        ["queue_config.max_samples_per_send"] = "WriteRequestEncoderTests.Splits_a_collection_into_requests_of_at_most_max_samples_per_send_without_splitting_a_series",
        ["queue_config.min_backoff"] = "RetryBackoffTests.Doubles_from_min_backoff_up_to_max_backoff_with_half_of_it_jittered",
        ["queue_config.max_backoff"] = "RetryBackoffTests.Doubles_from_min_backoff_up_to_max_backoff_with_half_of_it_jittered",
        ["queue_config.retry_on_http_429"] = "RemoteWriteQueueTests.Counts_a_429_as_failed_without_retrying_when_retry_on_http_429_is_off",
        ["queue_config.sample_age_limit"] = "RemoteWriteQueueTests.Drops_and_counts_a_window_older_than_sample_age_limit_instead_of_retrying_it",
        ["queue_config.max_pending_windows"] = "RemoteWriteQueueTests.Keeps_windows_through_an_outage_and_drops_the_oldest_past_the_bound",
        ["queue_config.capacity"] = "RemoteWriteQueueShardsTests.Capacity_times_max_shards_bounds_the_items_held_dropping_the_oldest_windows",
        ["queue_config.max_shards"] = "RemoteWriteQueueShardsTests.A_backed_up_queue_sends_max_shards_at_once_and_the_next_window_only_after_them",
        ["queue_config.min_shards"] = "RemoteWriteQueueShardsTests.A_caught_up_queue_sends_min_shards_requests_of_a_window_at_once",
        ["queue_config.batch_send_deadline"] = Refused,
        ["metadata_config"] = "RemoteWriteKeysTests.Sending_metadata_is_refused_and_send_false_is_accepted",
        ["metadata_config.send"] = "RemoteWriteKeysTests.Sending_metadata_is_refused_and_send_false_is_accepted",
        ["metadata_config.send_interval"] = Refused,
        ["metadata_config.max_samples_per_send"] = Refused,
        ["protobuf_message"] = "PrometheusRemoteWriteTests.A_2_0_entry_falls_back_to_1_0_for_this_prometheus_and_every_series_lands",
        ["oauth2"] = "OAuth2HandlerTests.A_token_from_the_token_url_lets_the_writes_into_prometheus_and_is_reused_until_it_expires",
        ["oauth2.client_id"] = "OAuth2HandlerTests.A_token_from_the_token_url_lets_the_writes_into_prometheus_and_is_reused_until_it_expires",
        ["oauth2.client_secret"] = "OAuth2HandlerTests.A_wrong_client_secret_sends_nothing_and_counts_credentials_errors",
        ["oauth2.client_secret_file"] = "OAuth2HandlerTests.A_rewritten_client_secret_file_fetches_a_token_with_the_new_secret",
        ["oauth2.client_secret_ref"] = Refused,
        ["oauth2.scopes"] = "OAuth2HandlerTests.A_token_from_the_token_url_lets_the_writes_into_prometheus_and_is_reused_until_it_expires",
        ["oauth2.token_url"] = "OAuth2HandlerTests.A_token_from_the_token_url_lets_the_writes_into_prometheus_and_is_reused_until_it_expires",
        ["oauth2.endpoint_params"] = "OAuth2HandlerTests.A_token_from_the_token_url_lets_the_writes_into_prometheus_and_is_reused_until_it_expires",
        ["oauth2.tls_config"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate",
        ["oauth2.tls_config.ca"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate",
        ["oauth2.tls_config.ca_file"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate",
        ["oauth2.tls_config.cert"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate",
        ["oauth2.tls_config.cert_file"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate",
        ["oauth2.tls_config.key"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate",
        ["oauth2.tls_config.key_file"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate",
        ["oauth2.tls_config.server_name"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate",

        // The token endpoint's transport is built by the same code as the entry's (RemoteWriteHttpClients.CreateHandler).
        ["oauth2.tls_config.insecure_skip_verify"] = "RemoteWriteHttpClientsTests.Insecure_skip_verify_accepts_the_receiver_without_its_ca",
        ["oauth2.tls_config.min_version"] = "RemoteWriteHttpClientsTests.A_min_version_above_what_the_receiver_speaks_fails_the_handshake",
        ["oauth2.tls_config.max_version"] = "RemoteWriteHttpClientsHttpTests.Max_version_below_what_the_receiver_requires_fails_the_handshake",
        ["oauth2.proxy_url"] = "OAuth2HandlerTests.The_token_endpoint_is_reached_through_its_own_proxy_url_and_the_writes_are_not",
        ["oauth2.no_proxy"] = "RemoteWriteHttpClientsHttpTests.No_proxy_naming_the_receiver_bypasses_the_proxy",
        ["oauth2.proxy_from_environment"] = "ProcessCommandTests.Proxy_from_environment_uses_the_http_proxy_variable_of_the_process",
        ["oauth2.proxy_connect_header"] = Refused,
        ["sigv4"] = "SigV4HandlerTests.A_signed_write_passes_an_independent_check_and_lands_in_prometheus",
        ["sigv4.region"] = "SigV4HandlerTests.A_signed_write_passes_an_independent_check_and_lands_in_prometheus",
        ["sigv4.access_key"] = "SigV4HandlerTests.A_signed_write_passes_an_independent_check_and_lands_in_prometheus",
        ["sigv4.secret_key"] = "SigV4HandlerTests.A_signature_made_with_another_secret_key_is_refused_and_nothing_lands",
        ["sigv4.profile"] = "SigV4HandlerTests.A_profile_of_the_shared_credentials_file_signs_and_its_rotated_keys_are_used_without_a_restart",
        ["sigv4.role_arn"] = Refused,
        ["sigv4.external_id"] = Refused,
        ["sigv4.use_fips_sts_endpoint"] = Refused,
        ["azuread"] = Refused,
        ["google_iam"] = Refused,
        ["write_relabel_configs"] = "PrometheusRemoteWriteTests.Exactly_the_series_the_relabel_rules_keep_reach_prometheus_with_their_labels",
        ["write_relabel_configs.source_labels"] = "RelabelerTests.Keep_and_drop_match_the_whole_joined_value",
        ["write_relabel_configs.separator"] = "RelabelerTests.Replace_writes_the_expanded_replacement_to_the_target_when_the_regex_matches",
        ["write_relabel_configs.target_label"] = "RelabelerTests.Replace_with_the_defaults_copies_a_label_and_leaves_the_series_alone_without_a_match",
        ["write_relabel_configs.regex"] = "RelabelerTests.Keep_and_drop_match_the_whole_joined_value",
        ["write_relabel_configs.modulus"] = "RelabelerTests.Hashmod_takes_the_md5_of_the_value_modulo_the_modulus",
        ["write_relabel_configs.replacement"] = "RelabelerTests.Labelmap_copies_matching_labels_under_the_replacement_name",
        ["write_relabel_configs.action"] = "RelabelerTests.Labeldrop_and_labelkeep_filter_label_names",
        ["round_robin_dns"] = Refused,
        ["proxy_connect_header"] = Refused,
        ["http_headers"] = Refused,
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-rw-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_list_holds_every_key_the_remote_write_schema_accepts()
    {
        var schemaKeys = new List<(string Key, bool Refused)>();
        Collect(RemoteWriteSchema.Entry, "", schemaKeys);

        Assert.Equal(Keys.Keys.Order(StringComparer.Ordinal), schemaKeys.Select(k => k.Key).Order(StringComparer.Ordinal));
        Assert.All(schemaKeys, k => Assert.True(k.Refused == (Keys[k.Key] == Refused), $"{k.Key}: the list and the schema disagree on whether it is refused"));
    }

    [Fact]
    public void Every_listed_test_exists()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "tests"), "*Tests.cs", SearchOption.AllDirectories)
            .GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Concat(g.Select(File.ReadAllText)), StringComparer.Ordinal);
        foreach (var (key, test) in Keys.Where(k => k.Value != Refused))
        {
            var (type, method) = (test[..test.IndexOf('.', StringComparison.Ordinal)], test[(test.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            Assert.True(sources.TryGetValue(type, out var source), $"{key}: no test class {type}");
            Assert.True(source.Contains(" " + method + "(", StringComparison.Ordinal), $"{key}: no test {test}");
        }
    }

    [Fact]
    public void Every_refused_key_fails_config_check_naming_the_key_and_why()
    {
        foreach (var (key, _) in Keys.Where(k => k.Value == Refused))
        {
            var (exit, error) = Check(Entry(key, "x"));
            Assert.Equal(ConfigCheckCommand.ExitInvalid, exit);
            Assert.StartsWith($"error: metrics_generator.storage.remote_write[0].{key}: not supported: ", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("basic_auth: {username: u, password: p}\n        sigv4: {region: r, access_key: a, secret_key: s}", "remote_write[0]: set at most one of basic_auth, authorization, oauth2 and sigv4")]
    [InlineData("oauth2: {client_secret: s, token_url: http://login/token}", "remote_write[0].oauth2.client_id: must be set")]
    [InlineData("oauth2: {client_id: i, client_secret: s}", "remote_write[0].oauth2.token_url: must be an absolute http or https URL")]
    [InlineData("oauth2: {client_id: i, token_url: http://login/token, endpoint_params: {scope: all}}", "remote_write[0].oauth2.endpoint_params: must not set scope")]
    [InlineData("sigv4: {region: r, access_key: a}", "remote_write[0].sigv4: set both access_key and secret_key, or neither")]
    [InlineData("sigv4: {region: r, role_arn: arn:aws:iam::1:role/w}", "remote_write[0].sigv4.role_arn: not supported: assuming a role needs AWS STS")]
    [InlineData("azuread: {cloud: AzurePublic}", "remote_write[0].azuread: not supported: Azure AD authentication needs an Azure identity")]
    public void Auth_blocks_that_cannot_act_stop_config_check_naming_the_key(string block, string error)
    {
        var yaml = "metrics_generator:\n  storage:\n    remote_write:\n      - url: http://prometheus:9090/api/v1/write\n        " + block
            + "\nkafka:\n  bootstrap_servers: kafka:9092\n  topics: [{name: spans}]\n";

        var (exit, output) = Check(yaml);

        Assert.Equal(ConfigCheckCommand.ExitInvalid, exit);
        Assert.Contains(error, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sending_metadata_is_refused_and_send_false_is_accepted()
    {
        var (exit, error) = Check(Entry("metadata_config.send", "true"));
        Assert.Equal(ConfigCheckCommand.ExitInvalid, exit);
        Assert.Contains("remote_write[0].metadata_config.send: metric metadata is not sent", error, StringComparison.Ordinal);

        Assert.Equal(ConfigCheckCommand.ExitOk, Check(Entry("metadata_config.send", "false")).Exit);
    }

    [Fact]
    public void Protobuf_message_takes_remote_write_1_0_or_2_0_and_refuses_any_other_naming_the_key()
    {
        Assert.Equal(ConfigCheckCommand.ExitOk, Check(Entry("protobuf_message", "io.prometheus.write.v2.Request")).Exit);
        Assert.Equal(ConfigCheckCommand.ExitOk, Check(Entry("protobuf_message", "prometheus.WriteRequest")).Exit);

        var (exit, error) = Check(Entry("protobuf_message", "io.prometheus.write.v3.Request"));
        Assert.Equal(ConfigCheckCommand.ExitInvalid, exit);
        Assert.Contains("remote_write[0].protobuf_message", error, StringComparison.Ordinal);
        Assert.Contains("io.prometheus.write.v2.Request", error, StringComparison.Ordinal);
    }

    /// <summary>A configuration whose one remote_write entry sets <paramref name="key"/> (a.b nests) to <paramref name="value"/>.</summary>
    private static string Entry(string key, string value)
    {
        var parts = key.Split('.');
        var yaml = "metrics_generator:\n  storage:\n    remote_write:\n      - url: http://prometheus:9090/api/v1/write\n";
        var indent = "        ";
        for (var i = 0; i < parts.Length - 1; i++)
        {
            yaml += indent + parts[i] + ":\n";
            indent += "  ";
        }

        return yaml + indent + parts[^1] + ": " + value + "\nkafka:\n  bootstrap_servers: kafka:9092\n  topics: [{name: spans}]\n";
    }

    private (int Exit, string Error) Check(string yaml)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, yaml);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ConfigCheckCommand.Run(path, null, new Dictionary<string, string>(), output, error);
        return (exit, error.ToString());
    }

    private static void Collect(SectionSchema section, string prefix, List<(string Key, bool Refused)> keys)
    {
        foreach (var field in section.Fields)
        {
            var key = prefix + field.Key;
            keys.Add((key, RemoteWriteSchema.IsRefused(field.Schema)));
            if (field.Schema is SectionSchema nested)
            {
                Collect(nested, key + ".", keys);
            }
            else if (field.Schema is ListSchema { Item: SectionSchema items })
            {
                Collect(items, key + ".", keys);
            }
        }
    }
}
