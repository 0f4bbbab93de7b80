using KafkaMetricsGen.Commands;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Tests.Configuration;

namespace KafkaMetricsGen.Tests.Commands;

public sealed class ConfigCheckCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static TheoryData<string> TempoSections => [.. WorkerConfigSchema.TempoOtherSections];

    private static (int Exit, string Out, string Err) Run(string config, string? overrides = null, IReadOnlyDictionary<string, string>? expandFrom = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ConfigCheckCommand.Run(config, overrides, NoEnvironment, output, error, expandFrom);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_valid_configuration_prints_the_effective_configuration_with_defaults()
    {
        var (exit, output, error) = Run(TestData.Path("worker.yaml"), TestData.Path("tempo-runtime-overrides.yaml"));
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("stale_duration: 15m", output, StringComparison.Ordinal);
        Assert.Contains("max_label_value_length: 2048", output, StringComparison.Ordinal);
        Assert.Contains("trace_partitioned: true", output, StringComparison.Ordinal);
        Assert.Contains("  team-a:", output, StringComparison.Ordinal);
        Assert.Contains("remote_write_url: http://mimir-team-b:9009/api/v1/push", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_printed_configuration_loads_again_unchanged()
    {
        var (_, output, _) = Run(TestData.Path("tempo-span-metrics.yaml").Replace("tempo-span-metrics", "worker", StringComparison.Ordinal));
        var first = output[..output.IndexOf("---", StringComparison.Ordinal)];
        var again = WorkerConfigLoader.Load(first, "printed.yaml", NoEnvironment);
        Assert.Equal(first, "# effective configuration (file, KMG_ environment variables and defaults)\n" + Core.Configuration.YamlConfigWriter.Write(again.Effective));
    }

    [Fact]
    public void An_invalid_configuration_prints_every_error_and_exits_2()
    {
        var config = Write("bad.yaml", "kafka: {topics: [], num_stream_threads: 0}\nmetrics_generator: {registry: {foo: 1}}\n");
        var (exit, output, error) = Run(config);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            "error: kafka.num_stream_threads: expected an integer > 0, got \"0\"\n"
            + "error: metrics_generator.registry.foo: unknown key (allowed: collection_interval, stale_duration, external_labels, inject_tenant_id_as, max_label_name_length, max_label_value_length, limiter_type, window_grace, allowed_lateness, future_slack)\n",
            error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void An_invalid_overrides_file_exits_2()
    {
        var overrides = Write("overrides.yaml", "overrides:\n  t:\n    metrics_generator:\n      processors: [span-metrics-duration]\n");
        var (exit, _, error) = Run(TestData.Path("worker.yaml"), overrides);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("error: overrides.t.metrics_generator.processors[0]: \"span-metrics-duration\" is not a valid processor", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics_generator: {query_timeout: 30s}", "metrics_generator.query_timeout")]
    [InlineData("metrics_generator: {skip_stale_backlog_on_startup: true}", "metrics_generator.skip_stale_backlog_on_startup")]
    [InlineData("metrics_generator: {processor: {local_blocks: {flush_to_storage: true}}}", "metrics_generator.processor.local_blocks.flush_to_storage")]
    [InlineData("metrics_generator: {processor: {local_blocks: {concurrent_blocks: 10}}}", "metrics_generator.processor.local_blocks.concurrent_blocks")]
    [InlineData("metrics_generator: {processor: {local_blocks: {max_live_traces: 10}}}", "metrics_generator.processor.local_blocks.max_live_traces")]
    [InlineData("metrics_generator: {processor: {local_blocks: {trace_idle_period: 5s}}}", "metrics_generator.processor.local_blocks.trace_idle_period")]
    [InlineData("metrics_generator: {processor: {local_blocks: {time_overlap_cutoff: 0.2}}}", "metrics_generator.processor.local_blocks.time_overlap_cutoff")]
    [InlineData("metrics_generator: {processor: {local_blocks: {block: {version: vParquet4}}}}", "metrics_generator.processor.local_blocks.block")]
    [InlineData("metrics_generator: {processor: {local_blocks: {search: {}}}}", "metrics_generator.processor.local_blocks.search")]
    [InlineData("metrics_generator: {processor: {local_blocks: {flush_check_period: 10s}}}", "metrics_generator.processor.local_blocks.flush_check_period")]
    [InlineData("metrics_generator: {processor: {local_blocks: {trace_live_period: 30s}}}", "metrics_generator.processor.local_blocks.trace_live_period")]
    [InlineData("metrics_generator: {processor: {local_blocks: {concurrency: 4}}}", "metrics_generator.processor.local_blocks.concurrency")]
    [InlineData("metrics_generator: {processor: {local_blocks: {max_live_traces_bytes: 1000}}}", "metrics_generator.processor.local_blocks.max_live_traces_bytes")]
    [InlineData("overrides: {user_configurable_overrides: {enabled: true}}", "overrides.user_configurable_overrides")]
    [InlineData("overrides: {defaults: {metrics_generator: {processor: {local_blocks: {max_live_traces: 5}}}}}", "overrides.defaults.metrics_generator.processor.local_blocks.max_live_traces")]
    [InlineData("overrides: {defaults: {metrics_generator: {processor: {local_blocks: {flush_check_period: 5s}}}}}", "overrides.defaults.metrics_generator.processor.local_blocks.flush_check_period")]
    [InlineData("overrides: {defaults: {metrics_generator: {processor: {local_blocks: {trace_idle_period: 5s}}}}}", "overrides.defaults.metrics_generator.processor.local_blocks.trace_idle_period")]
    public void A_tempo_key_whose_behaviour_the_worker_lacks_is_refused_naming_it_and_why(string yaml, string key)
    {
        var (exit, output, error) = Run(Write("refused.yaml", yaml + "\n"));
        Assert.Equal(ConfigCheckCommand.ExitInvalid, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("error: " + key + ": ", error, StringComparison.Ordinal);
        Assert.Contains("not supported: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_entity_limiter_and_its_limit_are_accepted_and_printed_as_effective()
    {
        var config = Write("entity.yaml", "metrics_generator: {registry: {limiter_type: entity}}\noverrides: {defaults: {metrics_generator: {processors: [span-metrics], max_active_entities: 7}}}\n");
        var (exit, output, error) = Run(config);
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.Contains("limiter_type: entity", output, StringComparison.Ordinal);
        Assert.Contains("max_active_entities: 7", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics_generator: {ring: {kvstore: {store: memberlist}}}", "metrics_generator.ring", "the worker has no generator ring")]
    [InlineData("metrics_generator: {instance_id: generator-0}", "metrics_generator.instance_id", "the worker has no generator ring")]
    [InlineData("metrics_generator: {override_ring_key: generator}", "metrics_generator.override_ring_key", "the worker has no generator ring")]
    [InlineData("metrics_generator: {ring_mode: partition}", "metrics_generator.ring_mode", "the worker has no generator ring")]
    [InlineData("metrics_generator: {ingest_concurrency: 16}", "metrics_generator.ingest_concurrency", "each stream task decodes")]
    [InlineData("metrics_generator: {leave_consumer_group_on_shutdown: true}", "metrics_generator.leave_consumer_group_on_shutdown", "Kafka Streams manages")]
    [InlineData("metrics_generator: {traces_query_storage: {path: /var/tempo/q}}", "metrics_generator.traces_query_storage", "local-blocks queries read")]
    [InlineData("metrics_generator: {storage: {path: /var/tempo/generator/wal}}", "metrics_generator.storage.path", "the worker keeps no remote-write WAL")]
    [InlineData("metrics_generator: {storage: {wal: {truncate_frequency: 1h}}}", "metrics_generator.storage.wal", "the worker keeps no remote-write WAL")]
    [InlineData("metrics_generator: {processor: {service_graphs: {workers: 10}}}", "metrics_generator.processor.service_graphs.workers", "pending edges expire")]
    [InlineData("overrides: {defaults: {metrics_generator: {ring_size: 3}}}", "overrides.defaults.metrics_generator.ring_size", "the worker has no generator ring")]
    [InlineData("overrides: {defaults: {metrics_generator: {forwarder: {queue_size: 100}}}}", "overrides.defaults.metrics_generator.forwarder", "spans come from Kafka")]
    [InlineData("overrides: {defaults: {ingestion: {rate_limit_bytes: 15000000}}}", "overrides.defaults.ingestion", "another Tempo module")]
    [InlineData("overrides: {defaults: {read: {max_bytes_per_tag_values_query: 1}}}", "overrides.defaults.read", "another Tempo module")]
    [InlineData("overrides: {defaults: {compaction: {block_retention: 48h}}}", "overrides.defaults.compaction", "another Tempo module")]
    [InlineData("overrides: {defaults: {forwarders: [a]}}", "overrides.defaults.forwarders", "another Tempo module")]
    [InlineData("overrides: {defaults: {global: {max_bytes_per_trace: 1}}}", "overrides.defaults.global", "another Tempo module")]
    [InlineData("overrides: {defaults: {storage: {tempodb_wal: 1}}}", "overrides.defaults.storage", "another Tempo module")]
    [InlineData("overrides: {defaults: {cost_attribution: {dimensions: {a: b}}}}", "overrides.defaults.cost_attribution", "another Tempo module")]
    [InlineData("server: {http_listen_port: 3200, grpc_listen_port: 9095}", "server.grpc_listen_port", "the worker has no gRPC server")]
    [InlineData("server: {grpc_server_max_recv_msg_size: 104857600}", "server.grpc_server_max_recv_msg_size", "the worker has no gRPC server")]
    [InlineData("server: {http_server_read_timeout: 60s}", "server.http_server_read_timeout", "the worker's HTTP endpoints")]
    public void A_key_for_machinery_the_worker_replaces_is_reported_as_ignored_and_left_out_of_the_effective_configuration(string yaml, string key, string reason)
    {
        var (exit, output, error) = Run(Write("ignored.yaml", yaml + "\n"));
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("# ignored: " + key + ": " + reason, StringComparison.Ordinal));
        var effective = Core.Configuration.YamlConfigReader.Parse(output[..output.IndexOf("---", StringComparison.Ordinal)], "printed");
        var segments = key.Split('.');
        var parent = segments[..^1].Aggregate((Core.Configuration.ConfigNode?)effective, static (node, segment) => node?.Get(segment));
        Assert.Null(parent?.Get(segments[^1]));
    }

    [Theory]
    [MemberData(nameof(TempoSections))]
    public void Every_other_section_of_a_tempo_yaml_is_reported_as_ignored(string section)
    {
        var (exit, output, error) = Run(Write("tempo.yaml", section + ": x\n"));
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.StartsWith("# ignored: " + section + ": another Tempo module's settings\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_tempo_yaml_prints_the_kafka_settings_it_gives_and_nothing_it_ignores()
    {
        var (exit, output, error) = Run(TestData.Path("tempo-microservices.yaml"));
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        var effective = output[output.IndexOf("# effective", StringComparison.Ordinal)..output.IndexOf("---", StringComparison.Ordinal)];
        Assert.Contains("codec: push-bytes", effective, StringComparison.Ordinal);
        Assert.Contains("bootstrap_servers: kafka:9092", effective, StringComparison.Ordinal);
        foreach (var ignored in (string[])["ingest:", "distributor:", "memberlist:", "live_store:", "/var/tempo/generator/wal"])
        {
            Assert.DoesNotContain(ignored, effective, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Expand_env_replaces_variables_in_the_file_before_it_is_read()
    {
        var config = Write("env.yaml", "kafka: {bootstrap_servers: ${BROKER:-localhost:9092}, application_id: ${APP}}\n");
        var environment = new Dictionary<string, string> { ["APP"] = "generator-a" };

        var (exit, output, error) = Run(config, expandFrom: environment);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.Contains("bootstrap_servers: localhost:9092", output, StringComparison.Ordinal);
        Assert.Contains("application_id: generator-a", output, StringComparison.Ordinal);
        Assert.Equal(ConfigCheckCommand.ExitInvalid, Run(config).Exit);
    }

    [Fact]
    public void Expand_env_replaces_variables_in_the_overrides_file_too()
    {
        var overrides = Write("env-overrides.yaml", "overrides:\n  team-a:\n    metrics_generator:\n      processors: [span-metrics]\n      max_active_series: ${LIMIT:-500}\n      trace_id_label_name: ${LABEL}\n");
        var config = Write("env-main.yaml", "overrides: {per_tenant_override_config: " + overrides + "}\n");
        var environment = new Dictionary<string, string> { ["LABEL"] = "trace_from_env" };

        var (exit, output, error) = Run(config, expandFrom: environment);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.Contains("max_active_series: 500", output, StringComparison.Ordinal);
        Assert.Contains("trace_from_env", output, StringComparison.Ordinal);
        var (plainExit, _, plainError) = Run(config);
        Assert.Equal(ConfigCheckCommand.ExitInvalid, plainExit);
        Assert.Contains("max_active_series", plainError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_expand_env_flag_is_on_run_and_config_check()
    {
        Assert.Contains(RunCommand.Create().Options, o => o.Name == ExpandEnvOption.Name);
        var check = ConfigCheckCommand.Create().Subcommands.Single();
        Assert.Contains(check.Options, o => o.Name == ExpandEnvOption.Name);
    }

    [Fact]
    public void A_tenant_block_that_leaves_no_processors_is_warned_about()
    {
        var config = Write("defaults.yaml", "overrides: {defaults: {metrics_generator: {processors: [span-metrics]}}}\n");
        var overrides = Write("limits.yaml", "overrides:\n  team-a:\n    metrics_generator:\n      max_active_series: 1000\n  team-b:\n    metrics_generator:\n      processors: [service-graphs]\n");

        var (exit, output, error) = Run(config, overrides);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        var warnings = output.Split('\n').Where(static l => l.StartsWith("# warning: ", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.StartsWith("# warning: overrides.team-a.metrics_generator: sets no processors, so its tenants get no metrics", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_without_processors_are_warned_about()
    {
        var (exit, output, _) = Run(Write("none.yaml", "overrides: {defaults: {metrics_generator: {max_active_series: 10}}}\n"));
        Assert.Equal(0, exit);
        Assert.Contains("# warning: overrides.defaults.metrics_generator: sets no processors", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_1()
    {
        var (exit, _, error) = Run(Path.Combine(_dir, "missing.yaml"));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("cannot read the configuration file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_printed_as_secret_placeholders()
    {
        var config = Write("secrets.yaml", """
            metrics_generator:
              storage:
                remote_write:
                  - url: https://mimir:9009/api/v1/push
                    headers: {Authorization: Bearer header-token}
                    basic_auth: {username: tempo, password: basic-pass}
                  - url: https://prometheus:9090/api/v1/write
                    authorization: {credentials: bearer-token}
            kafka:
              bootstrap_servers: kafka:9092
              topics: [{name: spans}]
              client_config: {sasl.password: kafka-pass, ssl.key.password: key-pass}
            """);
        var overrides = Write("overrides.yaml", "overrides:\n  team-a:\n    metrics_generator:\n      remote_write_headers: {Authorization: Bearer tenant-token}\n");

        var (exit, output, error) = Run(config, overrides);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        foreach (var secret in (string[])["header-token", "basic-pass", "bearer-token", "kafka-pass", "key-pass", "tenant-token"])
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        Assert.Contains("password: <secret>", output, StringComparison.Ordinal);
        Assert.Contains("credentials: <secret>", output, StringComparison.Ordinal);
        Assert.Contains("sasl.password: <secret>", output, StringComparison.Ordinal);
        Assert.Contains("Authorization: <secret>", output, StringComparison.Ordinal);
        Assert.Contains("username: tempo", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_is_reachable_from_the_command_line()
    {
        var result = CommandLineFactory.Create().Parse(["config", "check", "--config", TestData.Path("worker.yaml")]);
        Assert.Empty(result.Errors);
    }
}
