using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Configuration;

namespace KafkaMetricsGen.Tests.Configuration;

public class WorkerConfigLoaderTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static string[] Errors(string yaml)
    {
        var e = Assert.Throws<ConfigException>(() => WorkerConfigLoader.Load(yaml, "config.yaml", NoEnvironment));
        return e.Errors.Select(x => x.ToString()).ToArray();
    }

    private const string MinimalKafka = "kafka: {topics: [{name: spans}]}\n";

    [Fact]
    public void Tempos_span_metrics_example_loads_without_edits()
    {
        var config = WorkerConfigLoader.LoadFile(TestData.Path("tempo-span-metrics.yaml"), NoEnvironment);
        var spanMetrics = config.MetricsGenerator.GetSection("processor").GetSection("span_metrics");
        Assert.Equal(["http.method", "http.target", "http.status_code", "service.version"], spanMetrics.GetStrings("dimensions")!);
        Assert.True(spanMetrics.GetSection("intrinsic_dimensions").GetBool("status_message"));
        Assert.True(spanMetrics.GetSection("intrinsic_dimensions").GetBool("service"));
        Assert.Equal(2, spanMetrics.Get("filter_policies")!.Items.Count);
        Assert.Equal("/", spanMetrics.Get("dimension_mappings")!.Items[0].GetString("join"));
        Assert.Equal("tempo", config.MetricsGenerator.GetSection("registry").GetStringMap("external_labels")!["source"]);

        using var tenants = config.CreateTenantSettings(TimeProvider.System);
        var settings = tenants.Get("any");
        Assert.True(settings.Processors.SpanMetrics && settings.Processors.ServiceGraphs);
        Assert.Equal(12, settings.SpanMetrics.GetDoubles("histogram_buckets")!.Count);
    }

    [Fact]
    public void Tempos_service_graphs_example_loads_without_edits()
    {
        var config = WorkerConfigLoader.LoadFile(TestData.Path("tempo-service-graphs.yaml"), NoEnvironment);
        var graphs = config.MetricsGenerator.GetSection("processor").GetSection("service_graphs");
        Assert.Equal(["k8s.cluster.name", "http.method"], graphs.GetStrings("dimensions")!);
        Assert.Equal(["peer.service", "db.name", "db.system", "messaging.system"], graphs.GetStrings("peer_attributes")!);
        Assert.True(graphs.GetBool("enable_client_server_prefix"));
        Assert.Equal(["db.namespace", "db.name", "db.system", "db.system.name"], graphs.GetStrings("database_name_attributes")!);
        var remoteWrite = config.MetricsGenerator.GetSection("storage").Get("remote_write")!.Items[0];
        Assert.Equal("my-org", remoteWrite.GetStringMap("headers")!["X-Scope-OrgID"]);
    }

    [Fact]
    public void Tempos_native_histogram_overrides_load_without_edits()
    {
        var config = WorkerConfigLoader.LoadFile(TestData.Path("tempo-native-histograms.yaml"), NoEnvironment);
        using var tenants = config.CreateTenantSettings(TimeProvider.System);
        var settings = tenants.Get("single-tenant");
        Assert.Equal("both", settings.GenerateNativeHistograms);
        Assert.Equal(1.1, settings.NativeHistogramBucketFactor);
        Assert.Equal(100, settings.NativeHistogramMaxBucketNumber);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.NativeHistogramMinResetDuration);
    }

    [Fact]
    public void Tempos_runtime_overrides_file_loads_without_edits()
    {
        var yaml = $"overrides: {{per_tenant_override_config: '{TestData.Path("tempo-runtime-overrides.yaml")}'}}\n" + MinimalKafka;
        var config = WorkerConfigLoader.Load(yaml, "config.yaml", NoEnvironment);
        using var tenants = config.CreateTenantSettings(TimeProvider.System);

        var a = tenants.Get("team-a");
        Assert.Equal(60000, a.MaxActiveSeries);
        Assert.Equal(TimeSpan.FromSeconds(30), a.CollectionInterval);
        Assert.Equal("native", a.GenerateNativeHistograms);
        Assert.Equal("trace_id", a.TraceIdLabelName);
        Assert.Equal("Bearer team-a-token", a.RemoteWriteHeaders["Authorization"]);
        Assert.Equal(["http.route"], a.SpanMetrics.GetStrings("dimensions")!);
        Assert.Equal(["peer.service", "server.address"], a.ServiceGraphs.GetStrings("peer_attributes")!);

        var b = tenants.Get("team-b");
        Assert.True(b.Processors.SpanMetricsCount && b.Processors.SpanMetricsLatency);
        Assert.False(b.Processors.SpanMetricsSize);
        Assert.Equal("http://mimir-team-b:9009/api/v1/push", b.RemoteWriteUrl);

        var other = tenants.Get("someone-else");
        Assert.True(other.Processors.SpanMetrics);
        Assert.False(other.Processors.ServiceGraphs);
    }

    [Fact]
    public void The_worker_example_binds_the_kafka_and_server_sections()
    {
        var config = WorkerConfigLoader.LoadFile(TestData.Path("worker.yaml"), NoEnvironment);
        Assert.Equal("kafka:9092", config.Kafka.BootstrapServers);
        Assert.Equal(2, config.Kafka.Topics.Count);
        Assert.False(config.Kafka.Topics[0].TracePartitioned);
        Assert.True(config.Kafka.Topics[1].TracePartitioned);
        Assert.Equal("push-bytes", config.Kafka.Topics[1].Codec);
        Assert.True(config.Kafka.ExactlyOnce);
        Assert.Equal("SCRAM-SHA-512", config.Kafka.ClientConfig["sasl.mechanism"]);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Kafka.CommitInterval);
        Assert.Equal("0.0.0.0:8080", config.Server.ListenAddress);
    }

    [Fact]
    public void Tenant_settings_carry_the_stages_options()
    {
        var yaml = $"overrides: {{per_tenant_override_config: '{TestData.Path("tempo-runtime-overrides.yaml")}'}}\n" + MinimalKafka
            + "metrics_generator: {registry: {external_labels: {cluster: c1}}, storage: {remote_write: [{url: 'http://prom:9090/api/v1/write', queue_config: {max_samples_per_send: 500}}]}}\n";
        var config = WorkerConfigLoader.Load(yaml, "config.yaml", NoEnvironment);
        Assert.Equal(500, config.RemoteWrite.RemoteWrite[0].QueueConfig.MaxSamplesPerSend);
        Assert.Equal("c1", config.Registry.ExternalLabels["cluster"]);
        using var tenants = config.CreateTenantSettings(TimeProvider.System);
        var a = tenants.Get("team-a");
        Assert.Equal(["http.route"], a.SpanMetricsOptions.Dimensions);
        Assert.True(a.SpanMetricsOptions.IntrinsicEnabled("status_message"));
        Assert.Equal(["peer.service", "server.address"], a.ServiceGraphsOptions.PeerAttributes);
        Assert.Equal(60000, a.RegistryOptions.MaxActiveSeries);
        Assert.Equal(KafkaMetricsGen.Core.Registry.HistogramMode.Native, a.RegistryOptions.GenerateNativeHistograms);
        Assert.Equal(TimeSpan.FromSeconds(30), a.RegistryOptions.CollectionInterval);
        Assert.Equal("c1", a.RegistryOptions.ExternalLabels["cluster"]);
        Assert.Equal("Bearer team-a-token", a.RemoteWriteOverrides.Headers["authorization"]);
        Assert.Equal("http://mimir-team-b:9009/api/v1/push", tenants.Get("team-b").RemoteWriteOverrides.Url);
    }

    [Fact]
    public void The_stages_own_validation_runs_at_load()
    {
        var yaml = MinimalKafka + "metrics_generator: {processor: {span_metrics: {dimensions: [a], dimension_mappings: [{name: a, source_labels: [x]}]}}}\n";
        var error = Assert.Single(Errors(yaml));
        Assert.StartsWith("metrics_generator.processor.span_metrics.dimension_mappings", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("otlp_proto", false)]
    [InlineData("otlp_json", false)]
    [InlineData("push-bytes", true)]
    [InlineData("otlp", true)]
    public void A_topic_is_trace_partitioned_by_default_only_with_the_codecs_tempos_distributor_writes(string codec, bool expected)
    {
        var config = WorkerConfigLoader.Load($"kafka: {{topics: [{{name: spans, codec: {codec}}}, {{name: declared, codec: {codec}, trace_partitioned: {(!expected).ToString().ToLowerInvariant()}}}]}}\n", "config.yaml", NoEnvironment);

        Assert.Equal(expected, config.Kafka.Topics[0].TracePartitioned);
        Assert.Equal(!expected, config.Kafka.Topics[1].TracePartitioned);
    }

    [Fact]
    public void Kafka_defaults_are_pinned()
    {
        var config = WorkerConfigLoader.Load(MinimalKafka, "config.yaml", NoEnvironment);
        Assert.Equal(KafkaDefaults.BootstrapServers, config.Kafka.BootstrapServers);
        Assert.Equal("kafka-metrics-gen", config.Kafka.ApplicationId);
        Assert.Equal("otlp_proto", config.Kafka.Topics[0].Codec);
        var unset = WorkerConfigLoader.Load("server: {}", "config.yaml", NoEnvironment);
        Assert.Equal("otlp-spans", Assert.Single(unset.Kafka.Topics).Name);
        Assert.Equal("X-Scope-OrgID", config.Kafka.TenantHeader);
        Assert.Equal("single-tenant", config.Kafka.DefaultTenant);
        Assert.Equal(ProcessingGuarantees.ExactlyOnce, config.Kafka.ProcessingGuarantee);
        Assert.Equal(1, config.Kafka.NumStreamThreads);
        Assert.Equal(1000, config.Kafka.MaxUnsentWindows);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Overrides.PerTenantOverridePeriod);
        Assert.Equal(8080, config.Server.HttpListenPort);
    }

    [Theory]
    [InlineData("kafka: {topics: []}", "kafka.topics: at least one input topic is required")]
    [InlineData("kafka: {topics: [{name: a, codec: zipkin}]}", "kafka.topics[0].codec: \"zipkin\" is not a valid codec (allowed: otlp_proto, otlp_json, push-bytes, otlp)")]
    [InlineData("kafka: {topics: [{codec: otlp_json}]}", "kafka.topics[0]: name is required")]
    [InlineData("kafka: {topics: [{name: a}, {name: a}]}", "kafka.topics[1].name: topic \"a\" is listed twice")]
    [InlineData("kafka: {topics: [{name: a}], processing_guarantee: exactly-once}", "kafka.processing_guarantee: \"exactly-once\" is not a valid processing guarantee (allowed: at_least_once, exactly_once)")]
    [InlineData("kafka: {topics: [{name: a}], num_stream_threads: 0}", "kafka.num_stream_threads: expected an integer > 0, got \"0\"")]
    [InlineData("kafka: {topics: [{name: a}], num_stream_threads: 2}", "kafka.num_stream_threads: must be 1: with more stream threads in one process the totals are not exact; run more instances in the consumer group instead (each with its own kafka.state_dir)")]
    [InlineData("kafka: {topics: [{name: a}], client_config: {group.id: x}}", "kafka.client_config.group.id: is set by the worker (use kafka.bootstrap_servers, kafka.application_id, kafka.processing_guarantee)")]
    [InlineData("kafka: {topics: [{name: a}], client_config: {security.protocol: tls}}",
        "kafka.client_config.security.protocol: \"tls\" is not allowed (allowed: Plaintext, Ssl, SaslPlaintext, SaslSsl; case, '_' and '-' do not matter, so SASL_SSL is SaslSsl)")]
    [InlineData("kafka: {topics: [{name: a}], client_config: {linger.ms: soon}}", "kafka.client_config.linger.ms: \"soon\" is not a valid double")]
    [InlineData("kafka: {topics: [{name: a}], tenant_header: '', default_tenant: ''}", "kafka.topics[0].codec: OTLP records need kafka.tenant_header or kafka.default_tenant to name their tenant")]
    [InlineData("kafka: {topics: [{name: a}], max_unsent_windows: 0}", "kafka.max_unsent_windows: expected an integer > 0, got \"0\"")]
    [InlineData("kafka: {topics: [{name: a}], trace_partitions: 0}", "kafka.trace_partitions: expected an integer > 0, got \"0\"")]
    [InlineData("kafka: {topics: [{name: a}, {name: b, trace_partitioned: true}], trace_partitions: 4}",
        "kafka.trace_partitions: topic \"b\" is trace_partitioned, so its spans skip the spans-by-trace topic and its partitions are the trace partitions; remove the key (or the topic's trace_partitioned)")]
    [InlineData("kafka: {topics: [{name: a}], max_unsent_windows: all}", "kafka.max_unsent_windows: expected an integer > 0, got \"all\"")]
    [InlineData("kafka: {topics: [{name: a}], commit_interval: 5}", "kafka.commit_interval: expected a duration such as 15s, 1m30s or 500ms, got \"5\"")]
    [InlineData("kafka: {topics: [{name: 'a b'}]}", "kafka.topics[0].name: must be 1-249 characters of a-z, A-Z, 0-9, '.', '_', '-'")]
    [InlineData("metrics-generator: {}\n" + MinimalKafka, "metrics-generator: unknown key (allowed: metrics_generator, kafka, overrides, server, ingest; Tempo's other sections are accepted and ignored)")]
    [InlineData("server: {http_listen_port: 70000}\n" + MinimalKafka, "server.http_listen_port: must be a TCP port (0-65535)")]
    [InlineData("overrides: {per_tenant_override_period: 0s}\n" + MinimalKafka, "overrides.per_tenant_override_period: must be > 0")]
    [InlineData("overrides: {defaults: {metrics_generator: {generate_native_histograms: exponential}}}\n" + MinimalKafka,
        "overrides.defaults.metrics_generator.generate_native_histograms: \"exponential\" is not a valid histogram mode (allowed: classic, native, both)")]
    [InlineData("overrides: {defaults: {metrics_generator: {native_histogram_bucket_factor: 1}}}\n" + MinimalKafka,
        "overrides.defaults.metrics_generator.native_histogram_bucket_factor: must be > 1 (0 uses the default)")]
    [InlineData("overrides: {defaults: {metrics_generator: {processor: {service_graphs: {wait: 5s}}}}}\n" + MinimalKafka,
        "overrides.defaults.metrics_generator.processor.service_graphs.wait: unknown key (allowed: histogram_buckets, dimensions, enable_client_server_prefix, enable_messaging_system_latency_histogram, peer_attributes, span_multiplier_key, enable_tracestate_span_multiplier, enable_virtual_node_label, filter_policies)")]
    [InlineData("overrides: {defaults: {metrics_generator: {remote_write_url: mimir}}}\n" + MinimalKafka,
        "overrides.defaults.metrics_generator.remote_write_url: must be an absolute http:// or https:// URL")]
    [InlineData("overrides: {defaults: {metrics_generator: {remote_write_url: [http://a:9009/api/v1/push, mimir]}}}\n" + MinimalKafka,
        "overrides.defaults.metrics_generator.remote_write_url[1]: must be an absolute http:// or https:// URL")]
    [InlineData("overrides: {defaults: {metrics_generator: {remote_write_url: []}}}\n" + MinimalKafka,
        "overrides.defaults.metrics_generator.remote_write_url: must not be an empty list (remove the key to use storage.remote_write)")]
    [InlineData("metrics_generator: {processor: {span_metrics: {intrinsic_dimensions: {foo: true}}}}\n" + MinimalKafka,
        "metrics_generator.processor.span_metrics.intrinsic_dimensions.foo: not a valid intrinsic dimension (allowed: service, span_name, span_kind, status_code, status_message)")]
    [InlineData("- a\n- b\n", "expected a map, got a list")]
    public void A_bad_configuration_is_reported_with_its_key_path(string yaml, string expected)
    {
        Assert.Equal([expected], Errors(yaml));
    }

    [Fact]
    public void Environment_variables_override_keys_at_any_depth()
    {
        var env = new Dictionary<string, string>
        {
            ["KMG_METRICS_GENERATOR__REGISTRY__COLLECTION_INTERVAL"] = "30s",
            ["KMG_KAFKA__TOPICS__0__CODEC"] = "otlp_json",
            ["KMG_KAFKA__TOPICS__1__NAME"] = "more-spans",
            ["KMG_KAFKA__CLIENT_CONFIG__SASL.PASSWORD"] = "from-env",
            ["KMG_OVERRIDES__DEFAULTS__METRICS_GENERATOR__PROCESSORS"] = "[span-metrics, service-graphs]",
            ["KMG_METRICS_GENERATOR__PROCESSOR__SPAN_METRICS__DIMENSIONS__1"] = "http.route",
            ["OTHER_VARIABLE"] = "ignored",
        };
        var yaml = MinimalKafka + "metrics_generator: {processor: {span_metrics: {dimensions: [http.method, http.target]}}}\n";
        var config = WorkerConfigLoader.Load(yaml, "config.yaml", env);

        Assert.Equal(TimeSpan.FromSeconds(30), config.MetricsGenerator.GetSection("registry").GetDuration("collection_interval"));
        Assert.Equal("otlp_json", config.Kafka.Topics[0].Codec);
        Assert.Equal("more-spans", config.Kafka.Topics[1].Name);
        Assert.Equal("from-env", config.Kafka.ClientConfig["sasl.password"]);
        Assert.Equal(["http.method", "http.route"], config.MetricsGenerator.GetSection("processor").GetSection("span_metrics").GetStrings("dimensions")!);
        using var tenants = config.CreateTenantSettings(TimeProvider.System);
        Assert.True(tenants.Get("t").Processors.ServiceGraphs);
    }

    [Fact]
    public void An_environment_variable_matches_a_file_key_whatever_its_case()
    {
        var yaml = MinimalKafka + "overrides: {defaults: {metrics_generator: {remote_write_headers: {X-Scope-OrgID: a}}}}\n";
        var env = new Dictionary<string, string> { ["KMG_OVERRIDES__DEFAULTS__METRICS_GENERATOR__REMOTE_WRITE_HEADERS__X-SCOPE-ORGID"] = "b" };
        var config = WorkerConfigLoader.Load(yaml, "config.yaml", env);
        var headers = config.Overrides.Defaults.GetStringMap("remote_write_headers")!;
        Assert.Equal("b", Assert.Single(headers).Value);
        Assert.Equal("X-Scope-OrgID", headers.Keys.Single());
    }

    [Theory]
    [InlineData("KMG_KAFKA__TOPICS__5__NAME", "x", "KMG_KAFKA__TOPICS__5__NAME: list index 5 is past the end (the list has 1 items)")]
    [InlineData("KMG_KAFKA__NUM_STREAM_THREADS", "many", "kafka.num_stream_threads: expected an integer > 0, got \"many\"")]
    [InlineData("KMG_KAFKA__BOOTSTRAP", "x", "kafka.bootstrap: unknown key (allowed: bootstrap_servers, application_id, topics, tenant_header, default_tenant, dead_letter_topic, state_dir, processing_guarantee, num_stream_threads, commit_interval, max_unsent_windows, trace_partitions, client_config)")]
    public void A_bad_environment_variable_is_reported(string name, string value, string expected)
    {
        var env = new Dictionary<string, string> { [name] = value };
        var e = Assert.Throws<ConfigException>(() => WorkerConfigLoader.Load(MinimalKafka, "config.yaml", env));
        Assert.Equal(expected, Assert.Single(e.Errors).ToString());
    }
}
