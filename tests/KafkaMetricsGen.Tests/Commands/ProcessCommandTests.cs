using System.Globalization;
using Google.Protobuf;
using KafkaMetricsGen.Commands;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Offline;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Prometheus;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Tests.Commands;

public sealed class ProcessCommandTests : IDisposable, IClassFixture<PrometheusServer>
{
    /// <summary>Tempo's servicegraphs_test.go configuration for the queue-database fixture (its first case).</summary>
    private const string TempoTestConfig = """
        metrics_generator:
          processor:
            service_graphs:
              histogram_buckets: [0.04]
              dimensions: [beast, god]
              enable_messaging_system_latency_histogram: true
              wait: 2s
        """;

    private const string DefaultConfig = "metrics_generator: {}\n";

    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-process-").FullName;
    private readonly PrometheusServer _prometheus;

    public ProcessCommandTests(PrometheusServer prometheus) => _prometheus = prometheus;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Queue_database_gives_the_request_database_and_messaging_edges()
    {
        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpJson, Fixture("trace-with-queue-database.json"));
        Assert.True(exit == 0, error);
        Assert.Contains("traces_service_graph_request_total{client=\"mythical-requester\",server=\"mythical-server\"} 1\n", output, StringComparison.Ordinal);
        Assert.Contains("traces_service_graph_request_total{client=\"mythical-server\",connection_type=\"database\",server=\"postgres\"} 1\n", output, StringComparison.Ordinal);
        Assert.Contains("traces_service_graph_request_total{client=\"mythical-requester\",connection_type=\"messaging_system\",server=\"mythical-recorder\"} 1\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("traces_service_graph_request_failed_total{", output, StringComparison.Ordinal);
        Assert.Contains("# TYPE traces_service_graph_request_total counter\n", output, StringComparison.Ordinal);
        Assert.Contains("# TYPE traces_service_graph_request_server_seconds histogram\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tempos_queue_database_test_config_gives_its_histogram_values()
    {
        var (exit, output, error) = await Run(TempoTestConfig, Codecs.OtlpJson, Fixture("trace-with-queue-database.json"));
        Assert.True(exit == 0, error);
        const string edge = "beast=\"manticore\",client=\"mythical-requester\",god=\"zeus\",server=\"mythical-server\"";
        Assert.Equal(1, Value(output, $"traces_service_graph_request_total{{{edge}}}"));
        Assert.Equal(0, Value(output, $"traces_service_graph_request_client_seconds_bucket{{{edge},le=\"0.04\"}}"));
        Assert.Equal(1, Value(output, $"traces_service_graph_request_client_seconds_bucket{{{edge},le=\"+Inf\"}}"));
        Assert.Equal(0.045834496, Value(output, $"traces_service_graph_request_client_seconds_sum{{{edge}}}"), 9);
        Assert.Equal(1, Value(output, $"traces_service_graph_request_server_seconds_bucket{{{edge},le=\"0.04\"}}"));
        Assert.Equal(0.029986048, Value(output, $"traces_service_graph_request_server_seconds_sum{{{edge}}}"), 9);

        const string database = "client=\"mythical-server\",connection_type=\"database\",server=\"postgres\"";
        Assert.Equal(1, Value(output, $"traces_service_graph_request_total{{{database}}}"));
        Assert.Equal(1, Value(output, $"traces_service_graph_request_server_seconds_bucket{{{database},le=\"0.04\"}}"));
        Assert.Equal(0.023781376, Value(output, $"traces_service_graph_request_server_seconds_sum{{{database}}}"), 9);

        const string messaging = "client=\"mythical-requester\",connection_type=\"messaging_system\",server=\"mythical-recorder\"";
        Assert.Equal(1, Value(output, $"traces_service_graph_request_total{{{messaging}}}"));
        Assert.Equal(0.000068864, Value(output, $"traces_service_graph_request_client_seconds_sum{{{messaging}}}"), 12);
        Assert.Equal(0.000699392, Value(output, $"traces_service_graph_request_server_seconds_sum{{{messaging}}}"), 12);
        Assert.Equal(1, Value(output, $"traces_service_graph_request_messaging_system_seconds_count{{{messaging}}}"));
        Assert.Equal(1, Value(output, $"traces_service_graph_request_messaging_system_seconds_bucket{{{messaging},le=\"0.04\"}}"));
        Assert.Contains($"traces_service_graph_request_messaging_system_seconds_sum{{{messaging}}} 0.0098816\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trace-with-queue-database2.json", "mythical-database")]
    [InlineData("trace-with-queue-database3.json", "mythical-database")]
    [InlineData("trace-with-queue-database4.json", "mythical-database:5432")]
    [InlineData("trace-with-queue-database5.json", "mythical-database")]
    [InlineData("trace-without-database-name.json", "mythical-database")]
    [InlineData("trace-with-db-namespace.json", "mydb")]
    [InlineData("trace-with-both-db-attributes.json", "priority-db")]
    [InlineData("trace-with-db-system-name.json", "postgresql")]
    [InlineData("trace-with-db-system-and-system-name.json", "mssql")]
    public async Task Each_database_variant_names_its_database_node(string fixture, string node)
    {
        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpJson, Fixture(fixture));
        Assert.True(exit == 0, error);
        Assert.Equal(1, Value(output, $"traces_service_graph_request_total{{client=\"mythical-server\",connection_type=\"database\",server=\"{node}\"}}"));
    }

    [Fact]
    public async Task Failed_requests_are_counted_as_failed()
    {
        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpJson, Fixture("trace-with-failed-requests.json"));
        Assert.True(exit == 0, error);
        Assert.Contains("traces_service_graph_request_total{client=\"mythical-requester\",server=\"mythical-server\"} 1\n", output, StringComparison.Ordinal);
        Assert.Contains("traces_service_graph_request_failed_total{client=\"mythical-requester\",server=\"mythical-server\"} 1\n", output, StringComparison.Ordinal);
        Assert.Contains("traces_service_graph_request_total{client=\"mythical-server\",connection_type=\"database\",server=\"postgres\"} 1\n", output, StringComparison.Ordinal);
        Assert.Contains("traces_service_graph_request_failed_total{client=\"mythical-server\",connection_type=\"database\",server=\"postgres\"} 1\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpaired_spans_become_virtual_nodes_when_the_input_ends()
    {
        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpJson, Fixture("trace-with-virtual-nodes.json"));
        Assert.True(exit == 0, error);
        Assert.Contains("traces_service_graph_request_total{client=\"user\",connection_type=\"virtual_node\",server=\"mythical-server\"} 1\n", output, StringComparison.Ordinal);
        Assert.Contains("traces_service_graph_request_total{client=\"mythical-requester\",connection_type=\"virtual_node\",server=\"external-payments-platform\"} 1\n", output, StringComparison.Ordinal);
        Assert.Contains("traces_service_graph_request_total{client=\"external-producer\",connection_type=\"virtual_node\",server=\"internal-consumer\"} 1\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("traces_service_graph_request_failed_total{", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_virtual_node_label_says_which_side_was_missing()
    {
        const string config = "metrics_generator:\n  processor:\n    service_graphs:\n      enable_virtual_node_label: true\n";
        var (exit, output, error) = await Run(config, Codecs.OtlpJson, Fixture("trace-with-virtual-nodes.json"));
        Assert.True(exit == 0, error);
        Assert.Equal(1, Value(output, "traces_service_graph_request_total{client=\"user\",connection_type=\"virtual_node\",server=\"mythical-server\",virtual_node=\"client\"}"));
        Assert.Equal(1, Value(output, "traces_service_graph_request_total{client=\"mythical-requester\",connection_type=\"virtual_node\",server=\"external-payments-platform\",virtual_node=\"server\"}"));
    }

    [Fact]
    public async Task Unmatched_edges_are_counted_as_expired_when_the_input_ends()
    {
        var tenant = "expired-" + Guid.NewGuid().ToString("N")[..8];
        const string config = "metrics_generator:\n  processor:\n    service_graphs:\n      enable_virtual_node_label: true\n";
        var (exit, _, error) = await Run(config, Codecs.OtlpJson, [Fixture("trace-with-expired-edges.json")], tenant: tenant);
        Assert.True(exit == 0, error);
        Assert.Equal(1, ServiceGraphsSelfMetrics.ExpiredEdges.WithLabels(tenant, "SPAN_KIND_SERVER").Value);
        Assert.Equal(4, ServiceGraphsSelfMetrics.Edges.WithLabels(tenant).Value);
        Assert.Equal(0, ServiceGraphsSelfMetrics.DroppedSpans.WithLabels(tenant).Value);
    }

    [Fact]
    public async Task Client_and_server_spans_pair_across_files()
    {
        var traces = TempoFixtures.Load("trace-with-queue-database.json");
        var first = new TracesData();
        var second = new TracesData();
        foreach (var resourceSpans in traces.ResourceSpans)
        {
            // Every server and consumer span goes to the second file, after its client or producer counterpart.
            var kind = resourceSpans.ScopeSpans[0].Spans[0].Kind;
            (kind is Span.Types.SpanKind.Server or Span.Types.SpanKind.Consumer ? second : first).ResourceSpans.Add(resourceSpans);
        }

        var (exit, output, error) = await Run(
            DefaultConfig, Codecs.OtlpProto, [Write("a.otlp", SyntheticRecordEncoder.Encode(first, Codecs.OtlpProto)), Write("b.otlp", SyntheticRecordEncoder.Encode(second, Codecs.OtlpProto))]);
        Assert.True(exit == 0, error);
        Assert.Equal(1, Value(output, "traces_service_graph_request_total{client=\"mythical-requester\",server=\"mythical-server\"}"));
        Assert.Equal(1, Value(output, "traces_service_graph_request_total{client=\"mythical-requester\",connection_type=\"messaging_system\",server=\"mythical-recorder\"}"));
        Assert.DoesNotContain("connection_type=\"virtual_node\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_says_the_ingestion_slack_filter_does_not_apply()
    {
        var command = CommandLineFactory.Create().Subcommands.Single(c => c.Name == "process");
        Assert.Contains("metrics_ingestion_time_range_slack filter does not apply", command.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Span_metrics_count_every_span_of_the_fixture()
    {
        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpJson, Fixture("trace-with-queue-database.json"));
        Assert.True(exit == 0, error);
        var calls = output.Split('\n').Where(l => l.StartsWith("traces_spanmetrics_calls_total{", StringComparison.Ordinal)).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        Assert.Equal(19, calls);
        Assert.Equal(1, Value(output, "traces_spanmetrics_calls_total{service=\"mythical-server\",span_kind=\"SPAN_KIND_SERVER\",span_name=\"GET /:endpoint\",status_code=\"STATUS_CODE_OK\"}"));
    }

    [Fact]
    public async Task Otlp_proto_and_push_bytes_files_give_the_same_output_as_json()
    {
        var traces = TempoFixtures.Load("trace-with-queue-database.json");
        var proto = Write("trace.otlp", SyntheticRecordEncoder.Encode(traces, Codecs.OtlpProto));
        var push = Write("trace.push", SyntheticRecordEncoder.Encode(traces, Codecs.PushBytes));
        var (_, json, _) = await Run(DefaultConfig, Codecs.OtlpJson, Fixture("trace-with-queue-database.json"));
        var (protoExit, protoOutput, protoError) = await Run(DefaultConfig, Codecs.OtlpProto, proto);
        var (pushExit, pushOutput, pushError) = await Run(DefaultConfig, Codecs.PushBytes, push);
        Assert.True(protoExit == 0, protoError);
        Assert.True(pushExit == 0, pushError);
        Assert.Equal(json, protoOutput);
        Assert.Equal(json, pushOutput);
    }

    [Fact]
    public async Task Timestamps_are_printed_when_asked_for()
    {
        var (exit, output, _) = await Run(DefaultConfig, Codecs.OtlpJson, [Fixture("trace-with-queue-database.json")], timestamps: true);
        Assert.Equal(0, exit);
        var line = output.Split('\n').Single(l => l.StartsWith("traces_service_graph_request_total{client=\"mythical-requester\",server=\"mythical-server\"}", StringComparison.Ordinal));
        var timestamp = long.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);

        // The fixture is from 2022-07-20; the sample sits at the end of its 15 s window.
        Assert.Equal(0, timestamp % 15_000);
        Assert.Equal(new DateOnly(2022, 7, 20), DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(timestamp).UtcDateTime));
    }

    [Fact]
    public async Task An_undecodable_file_stops_the_run_with_exit_code_1_naming_the_file()
    {
        var bad = Write("broken.json", "{\"resourceSpans\": [ not json"u8.ToArray());
        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpJson, [Fixture("trace-with-queue-database.json"), bad]);
        Assert.Equal(ProcessDefaults.ExitFailed, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"error: {bad}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_reported_like_an_undecodable_one()
    {
        var missing = Path.Combine(_dir, "missing.json");
        var (exit, _, error) = await Run(DefaultConfig, Codecs.OtlpJson, missing);
        Assert.Equal(ProcessDefaults.ExitFailed, exit);
        Assert.StartsWith($"error: {missing}: cannot read the file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_invalid_continues_past_bad_files_and_reports_how_many()
    {
        var bad = Write("broken.bin", [0xFF, 0xFF, 0xFF, 0x01]);
        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpProto, [bad, Write("ok.otlp", SyntheticRecordEncoder.Encode(TempoFixtures.Load("trace-with-failed-requests.json"), Codecs.OtlpProto))], skipInvalid: true);
        Assert.Equal(0, exit);
        Assert.Contains("traces_service_graph_request_failed_total{client=\"mythical-requester\",server=\"mythical-server\"} 1\n", output, StringComparison.Ordinal);
        Assert.Contains($"skipped {bad}: ", error, StringComparison.Ordinal);
        Assert.EndsWith("skipped 1 of 2 files that could not be decoded\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_lines_files_are_read_one_request_per_line()
    {
        var lines = string.Join('\n', SyntheticRecordEncoder.ToOtlpJson(TempoFixtures.Load("trace-with-failed-requests.json")), SyntheticRecordEncoder.ToOtlpJson(TempoFixtures.Load("trace-with-virtual-nodes.json"))) + "\n";
        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpJson, Write("traces.jsonl", System.Text.Encoding.UTF8.GetBytes(lines)));
        Assert.True(exit == 0, error);
        Assert.Equal(1, Value(output, "traces_service_graph_request_failed_total{client=\"mythical-requester\",server=\"mythical-server\"}"));
        Assert.Equal(1, Value(output, "traces_service_graph_request_total{client=\"external-producer\",connection_type=\"virtual_node\",server=\"internal-consumer\"}"));
    }

    [Fact]
    public async Task An_unknown_format_exits_2()
    {
        var (exit, _, error) = await Run(DefaultConfig, "zipkin", Fixture("trace-with-queue-database.json"));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("error: --format: unknown value 'zipkin'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_write_sends_the_values_to_prometheus()
    {
        // Re-timed to a minute ago: Prometheus takes samples only within its head block and out-of-order window.
        var end = (ulong)(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000);
        var file = Write("retimed.json", System.Text.Encoding.UTF8.GetBytes(SyntheticRecordEncoder.ToOtlpJson(TempoFixtures.LoadRetimed("trace-with-queue-database.json", end))));
        var tenant = "process-" + Guid.NewGuid().ToString("N")[..8];
        var (exit, output, error) = await Run(
            "metrics_generator:\n  registry:\n    external_labels: {source: process-test}\n", Codecs.OtlpJson, [file], tenant: tenant, remoteWrite: _prometheus.RemoteWriteUrl.ToString());
        Assert.True(exit == 0, error + _prometheus.Log);
        Assert.Equal(string.Empty, output);
        Assert.Equal(1, await _prometheus.QueryValueAsync("traces_service_graph_request_total{source=\"process-test\",client=\"mythical-requester\",server=\"mythical-server\"}"));
        Assert.Equal(1, await _prometheus.QueryValueAsync("traces_service_graph_request_total{source=\"process-test\",connection_type=\"messaging_system\",server=\"mythical-recorder\"}"));
        Assert.Equal(19, await _prometheus.QueryValueAsync("sum(traces_spanmetrics_calls_total{source=\"process-test\"})"));
    }

    [Fact]
    public async Task Remote_write_config_sends_through_every_configured_entry_with_its_settings()
    {
        await using var proxy = await ForwardProxy.StartAsync();
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync();
        var tenant = "process-rwc-" + Guid.NewGuid().ToString("N")[..8];
        var config = $"""
            metrics_generator:
              registry:
                external_labels:
                  source: process-rwc
              storage:
                remote_write:
                  - url: {_prometheus.RemoteWriteUrl}
                    name: through-proxy
                    proxy_url: {proxy.Url}
                  - url: {receiver.Url}
                    name: with-token
                    authorization:
                      credentials: secret-token
                    round_robin_dns: true
            """;
        var (exit, _, error) = await Run(string.Join('\n', config.Split('\n').Where(l => !l.Contains("round_robin_dns", StringComparison.Ordinal))), Codecs.OtlpJson, [RetimedFixture()], tenant: tenant, remoteWriteConfig: true);

        Assert.True(exit == 0, error + _prometheus.Log);
        Assert.Equal(19, await _prometheus.QueryValueAsync("sum(traces_spanmetrics_calls_total{source=\"process-rwc\"})"));
        Assert.True(proxy.Forwarded >= 1);
        Assert.All(receiver.Writes, w => Assert.Equal("Bearer secret-token", w.Header("Authorization")));
        Assert.All(receiver.Writes, w => Assert.Equal(tenant, w.Header("X-Scope-OrgID")));
        Assert.NotEmpty(receiver.Writes);
        Assert.Contains("samples sent to " + _prometheus.RemoteWriteUrl, error, StringComparison.Ordinal);
        Assert.Contains("samples sent to " + receiver.Url, error, StringComparison.Ordinal);

        var (refusedExit, _, refused) = await Run(config, Codecs.OtlpJson, [RetimedFixture()], remoteWriteConfig: true);
        Assert.Equal(ExitCodes.Usage, refusedExit);
        Assert.Contains("metrics_generator.storage.remote_write[1].round_robin_dns: not supported", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_write_config_signs_sigv4_writes_and_fetches_oauth2_tokens()
    {
        await using var tokens = await OAuth2TokenEndpoint.StartAsync();
        await using var amp = await CheckingReceiver.StartAsync(_prometheus.RemoteWriteUrl, (request, body) => SigV4Verifier.Verify(request, body, "AKIDPROCESS", "process-secret", "eu-west-1", "aps"));
        await using var gateway = await CheckingReceiver.StartAsync(_prometheus.RemoteWriteUrl, (request, _) => tokens.IsValid(request.Headers.Authorization.ToString()) ? null : "invalid token");
        var config = $"""
            metrics_generator:
              registry:
                external_labels:
                  source: process-auth
              storage:
                remote_write:
                  - url: {amp.Url}
                    name: amp
                    sigv4:
                      region: eu-west-1
                      access_key: AKIDPROCESS
                      secret_key: process-secret
                  - url: {gateway.Url}
                    name: oauth2
                    write_relabel_configs:
                      - target_label: via
                        replacement: oauth2
                    oauth2:
                      client_id: "{OAuth2TokenEndpoint.ClientId}"
                      client_secret: "{tokens.Secret}"
                      token_url: {tokens.Url}
                      scopes: [metrics.write]
            """;

        var (exit, _, error) = await Run(config, Codecs.OtlpJson, [RetimedFixture()], tenant: "process-auth-" + Guid.NewGuid().ToString("N")[..8], remoteWriteConfig: true);

        Assert.True(exit == 0, error + string.Join('\n', amp.Refusals) + string.Join('\n', gateway.Refusals));
        Assert.Empty(amp.Refusals);
        Assert.Empty(gateway.Refusals);
        Assert.True(amp.Accepted >= 1);
        Assert.Single(tokens.Requests);
        Assert.Equal(19, await _prometheus.QueryValueAsync("sum(traces_spanmetrics_calls_total{source=\"process-auth\",via=\"oauth2\"})"));
        Assert.Equal(19, await _prometheus.QueryValueAsync("sum(traces_spanmetrics_calls_total{source=\"process-auth\",via=\"\"})"));
    }

    [Fact]
    public async Task Remote_write_config_needs_remote_write_entries()
    {
        var (exit, _, error) = await Run(DefaultConfig, Codecs.OtlpJson, [RetimedFixture()], remoteWriteConfig: true);
        Assert.Equal(ProcessDefaults.ExitFailed, exit);
        Assert.Contains("--remote-write-config: the configuration has no metrics_generator.storage.remote_write entries", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_from_environment_uses_the_http_proxy_variable_of_the_process()
    {
        await using var proxy = await ForwardProxy.StartAsync();
        var configPath = Path.Combine(_dir, "proxy-env.yaml");
        await File.WriteAllTextAsync(configPath, $"""
            metrics_generator:
              registry:
                external_labels:
                  source: process-proxy-env
              storage:
                remote_write:
                  - url: {_prometheus.RemoteWriteUrl}
                    proxy_from_environment: true
            """);
        var output = new System.Text.StringBuilder();
        var environment = new Dictionary<string, string> { ["HTTP_PROXY"] = proxy.Url.ToString(), ["NO_PROXY"] = "" };
        using var process = ExeProcess.Start(output, environment, "process", "--config", configPath, "--format", Codecs.OtlpJson, "--remote-write-config", RetimedFixture());
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, ExeProcess.Output(output));
        Assert.True(proxy.Forwarded >= 1, ExeProcess.Output(output));
        Assert.Equal(19, await _prometheus.QueryValueAsync("sum(traces_spanmetrics_calls_total{source=\"process-proxy-env\"})"));
    }

    /// <summary>The queue-database fixture re-timed to a minute ago (inside Prometheus' head block).</summary>
    private string RetimedFixture()
    {
        var end = (ulong)(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000);
        return Write("retimed-" + Guid.NewGuid().ToString("N")[..8] + ".json", System.Text.Encoding.UTF8.GetBytes(SyntheticRecordEncoder.ToOtlpJson(TempoFixtures.LoadRetimed("trace-with-queue-database.json", end))));
    }

    [Theory]
    [InlineData("year-2500", false)]
    [InlineData("epoch-0", true)]
    [InlineData("late-20m", true)]
    [InlineData("negative-duration", true)]
    public async Task One_bad_clock_between_good_files_leaves_their_totals_and_the_run_ends(string name, bool counted)
    {
        var now = (ulong)DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000UL;
        var year2500 = (ulong)new DateTimeOffset(2500, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000UL;
        var twentyMinutes = (ulong)TimeSpan.FromMinutes(20).Ticks * 100UL;
        var (start, end) = name switch
        {
            "year-2500" => (year2500 - 1_000_000_000, year2500),
            "epoch-0" => (0UL, 0UL),
            "late-20m" => (now - twentyMinutes - 1_000_000_000, now - twentyMinutes),
            _ => (now, now - 1_000_000_000),
        };
        var before = Write("before.json", Json(new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = 1 }).Generate(3, now)));
        var bad = new TracesData();
        bad.ResourceSpans.Add(new ResourceSpans
        {
            Resource = new OpenTelemetry.Proto.Resource.V1.Resource { Attributes = { new OpenTelemetry.Proto.Common.V1.KeyValue { Key = "service.name", Value = new() { StringValue = "bad-clock" } } } },
            ScopeSpans = { new ScopeSpans { Spans = { new Span { TraceId = ByteString.CopyFrom(new byte[16] { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 }), SpanId = ByteString.CopyFrom(new byte[8] { 9, 9, 9, 9, 9, 9, 9, 9 }), Name = name, StartTimeUnixNano = start, EndTimeUnixNano = end } } } },
        });
        var badFile = Write("bad.json", Json(bad));
        var after = Write("after.json", Json(new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = 2 }).Generate(3, now + 2_000_000_000)));
        var tenant = "process-bad-clock-" + Guid.NewGuid().ToString("N")[..8];

        var (exit, output, error) = await Run(DefaultConfig, Codecs.OtlpJson, [before, badFile, after], tenant: tenant).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, error);
        var good = 2 * 3 * Core.Synthetic.SyntheticTraceDefaults.SpansPerTrace;
        Assert.Equal(good + (counted ? 1 : 0), Sum(output, "traces_spanmetrics_calls_total{"));
        Assert.Equal(counted ? 1 : 0, Sum(output, "traces_spanmetrics_calls_total{service=\"bad-clock\""));
        Assert.Equal(counted ? 0 : 1, Core.Telemetry.SelfMetrics.SpansDiscarded.WithLabels(tenant, Core.Telemetry.DiscardReasons.TooFarInFuture, Core.Telemetry.SelfMetricLabels.AllProcessors).Value);
    }

    /// <summary>The Tempo fixture written as a file in Tempo's JSON, as a user would pass it.</summary>
    private string Fixture(string name) => Write(name, System.Text.Encoding.UTF8.GetBytes(TempoFixtures.Json(name)));

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private Task<(int Exit, string Output, string Error)> Run(string config, string format, string file) => Run(config, format, [file]);

    private async Task<(int Exit, string Output, string Error)> Run(
        string config, string format, string[] files, bool timestamps = false, bool skipInvalid = false, string tenant = ProcessDefaults.Tenant, string? remoteWrite = null, bool remoteWriteConfig = false)
    {
        var configPath = Path.Combine(_dir, "config-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(configPath, config);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var options = new ProcessOptions
        {
            ConfigPath = configPath,
            Format = format,
            Files = files,
            Timestamps = timestamps,
            SkipInvalid = skipInvalid,
            Tenant = tenant,
            RemoteWriteUrl = remoteWrite,
            RemoteWriteConfig = remoteWriteConfig,
        };
        var exit = await ProcessCommand.RunAsync(options, NoEnvironment, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static byte[] Json(TracesData traces) => System.Text.Encoding.UTF8.GetBytes(SyntheticRecordEncoder.ToOtlpJson(traces));

    /// <summary>The sum of the printed series whose line starts with <paramref name="prefix"/>.</summary>
    private static double Sum(string output, string prefix) =>
        output.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>The value of the series printed exactly as <paramref name="series"/>.</summary>
    private static double Value(string output, string series)
    {
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new Xunit.Sdk.XunitException($"series {series} not printed:\n{output}");
    }
}
