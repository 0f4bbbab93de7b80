using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Core.Windows;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Tests.Tenancy;

public class TenantSettingsResolverTests
{
    private const string Defaults = """
        processors: [service-graphs, span-metrics]
        max_active_series: 1000
        native_histogram_bucket_factor: 1.5
        native_histogram_max_bucket_number: 50
        """;

    private static TenantSettingsResolver Resolver(string metricsGenerator = "registry: {collection_interval: 20s}") =>
        new(YamlConfigReader.Parse(metricsGenerator, "config"), YamlConfigReader.Parse(Defaults, "defaults"));

    private static OverridesFile File(string text) => OverridesFile.Parse(text, "overrides.yaml");

    [Fact]
    public void A_tenant_without_an_entry_uses_the_defaults_block()
    {
        var s = Resolver().Resolve("team-a", OverridesFile.Empty);
        Assert.True(s.Processors.SpanMetrics);
        Assert.True(s.Processors.ServiceGraphs);
        Assert.Equal(1000, s.MaxActiveSeries);
        Assert.Equal(TimeSpan.FromSeconds(20), s.CollectionInterval);
        Assert.Equal("classic", s.GenerateNativeHistograms);
        Assert.Equal("traceID", s.TraceIdLabelName);
    }

    [Fact]
    public void A_tenant_block_does_not_merge_with_defaults_except_native_histogram_parameters()
    {
        var file = File("""
            overrides:
              team-a:
                metrics_generator:
                  generate_native_histograms: both
            """);
        var s = Resolver().Resolve("team-a", file);
        Assert.False(s.Processors.Any);
        Assert.Equal(0, s.MaxActiveSeries);
        Assert.Equal("both", s.GenerateNativeHistograms);
        Assert.Equal(1.5, s.NativeHistogramBucketFactor);
        Assert.Equal(50, s.NativeHistogramMaxBucketNumber);
        Assert.Equal(TimeSpan.FromMinutes(15), s.NativeHistogramMinResetDuration);
    }

    [Fact]
    public void The_wildcard_entry_applies_to_tenants_without_their_own()
    {
        var file = File("""
            overrides:
              "*":
                metrics_generator:
                  processors: [span-metrics-count]
              team-b:
                metrics_generator:
                  processors: [service-graphs]
            """);
        var r = Resolver();
        Assert.True(r.Resolve("team-a", file).Processors.SpanMetricsCount);
        Assert.False(r.Resolve("team-a", file).Processors.ServiceGraphs);
        Assert.True(r.Resolve("team-b", file).Processors.ServiceGraphs);
        Assert.False(r.Resolve("team-b", file).Processors.SpanMetrics);
    }

    [Fact]
    public void A_non_zero_collection_interval_override_wins()
    {
        var file = File("overrides: {t: {metrics_generator: {collection_interval: 1m}}}");
        Assert.Equal(TimeSpan.FromMinutes(1), Resolver().Resolve("t", file).CollectionInterval);
    }

    [Fact]
    public void Tempos_ingestion_slack_becomes_the_future_slack_and_the_allowed_lateness_and_a_tenants_own_wins()
    {
        var resolver = Resolver("metrics_ingestion_time_range_slack: 40s");
        var global = resolver.Resolve("team-a", OverridesFile.Empty).RegistryOptions;
        var own = resolver.Resolve("team-b", File("overrides: {team-b: {metrics_generator: {processors: [span-metrics], ingestion_time_range_slack: 10s}}}")).RegistryOptions;
        var unset = Resolver().Resolve("team-a", OverridesFile.Empty).RegistryOptions;
        Assert.Equal((TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(40)), (global.FutureSlack, global.AllowedLateness));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), (own.FutureSlack, own.AllowedLateness));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)), (unset.FutureSlack, unset.AllowedLateness));

        // A span ending 20 s ahead of the clock: within the global slack, beyond team-b's.
        const long Now = 1_700_000_000_000;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Now));
        WindowVerdict Verdict(RegistryOptions o, long eventMs) =>
            new WindowAssigner(o.CollectionInterval, o.WindowGrace, o.AllowedLateness, o.FutureSlack, time).Assign(eventMs, out _);
        Assert.Equal(WindowVerdict.OnTime, Verdict(global, Now + 20_000));
        Assert.Equal(WindowVerdict.RejectedFuture, Verdict(own, Now + 20_000));

        // A span 30 s behind the watermark: its own window under the global slack, folded under team-b's.
        var lateGlobal = new WindowAssigner(global.CollectionInterval, global.WindowGrace, global.AllowedLateness, global.FutureSlack, time);
        var lateOwn = new WindowAssigner(own.CollectionInterval, own.WindowGrace, own.AllowedLateness, own.FutureSlack, time);
        lateGlobal.Advance(Now);
        lateOwn.Advance(Now);
        Assert.Equal(WindowVerdict.Late, lateGlobal.Assign(Now - 30_000, out _));
        Assert.NotEqual(WindowVerdict.Late, lateOwn.Assign(Now - 30_000, out _));
        Assert.Contains("ingestion_time_range_slack: 10s", resolver.Resolve("team-b", File("overrides: {team-b: {metrics_generator: {ingestion_time_range_slack: 10s}}}")).Fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void Processor_keys_replace_the_configured_ones_and_intrinsic_dimensions_merge_by_key()
    {
        var file = File("""
            overrides:
              t:
                metrics_generator:
                  processor:
                    span_metrics:
                      dimensions: [http.method]
                      intrinsic_dimensions: {status_message: true}
            """);
        var s = Resolver("processor: {span_metrics: {dimensions: [a, b], intrinsic_dimensions: {service: false}}}").Resolve("t", file);
        Assert.Equal(["http.method"], s.SpanMetrics.GetStrings(SpanMetricsSchema.Dimensions)!);
        var intrinsics = s.SpanMetrics.GetSection(SpanMetricsSchema.IntrinsicDimensions);
        Assert.False(intrinsics.GetBool("service"));
        Assert.True(intrinsics.GetBool("status_message"));
        Assert.True(intrinsics.GetBool("span_name"));
    }

    [Fact]
    public void A_tenant_can_only_turn_the_client_server_prefix_on()
    {
        var off = File("overrides: {t: {metrics_generator: {processor: {service_graphs: {enable_client_server_prefix: false}}}}}");
        var on = File("overrides: {t: {metrics_generator: {processor: {service_graphs: {enable_client_server_prefix: true}}}}}");
        var r = Resolver("processor: {service_graphs: {enable_client_server_prefix: true}}");
        Assert.True(r.Resolve("t", off).ServiceGraphs.GetBool(ServiceGraphsSchema.EnableClientServerPrefix));
        Assert.True(Resolver().Resolve("t", on).ServiceGraphs.GetBool(ServiceGraphsSchema.EnableClientServerPrefix));
    }

    [Fact]
    public void Latency_sub_processor_alone_resets_span_metric_buckets_to_the_defaults()
    {
        var file = File("""
            overrides:
              t:
                metrics_generator:
                  processors: [span-metrics-latency]
                  processor: {span_metrics: {histogram_buckets: [1, 2]}}
            """);
        var buckets = Resolver().Resolve("t", file).SpanMetrics.GetDoubles(SpanMetricsSchema.HistogramBucketsKey)!;
        Assert.Equal(14, buckets.Count);
        Assert.Equal(0.002, buckets[0]);
    }

    [Fact]
    public void Per_tenant_remote_write_url_and_headers_are_kept()
    {
        var file = File("""
            overrides:
              t:
                metrics_generator:
                  remote_write_url: http://mimir:9009/api/v1/push
                  remote_write_headers: {Authorization: Bearer x}
            """);
        var s = Resolver().Resolve("t", file);
        Assert.Equal("http://mimir:9009/api/v1/push", s.RemoteWriteUrl);
        Assert.Equal("Bearer x", s.RemoteWriteHeaders["Authorization"]);
    }

    [Fact]
    public void A_tenant_remote_write_url_may_list_several_endpoints()
    {
        var file = File("""
            overrides:
              t:
                metrics_generator:
                  remote_write_url: [http://mimir-a:9009/api/v1/push, "http://u:p@mimir-b:9009/api/v1/push"]
            """);
        var s = Resolver().Resolve("t", file);
        Assert.Equal(["http://mimir-a:9009/api/v1/push", "http://u:p@mimir-b:9009/api/v1/push"], s.RemoteWriteUrls);
        Assert.Equal(s.RemoteWriteUrls, s.RemoteWriteOverrides.Urls);
        Assert.Equal(2, s.Effective.Get("remote_write_url")!.Items.Count);
        var printed = YamlConfigWriter.Write(ConfigSecrets.Redact(s.Effective));
        Assert.Contains("http://u:<secret>@mimir-b:9009/api/v1/push", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(":p@", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_effective_settings_have_the_same_fingerprint()
    {
        var a = File("overrides: {t: {metrics_generator: {processors: [span-metrics]}}}");
        var b = File("overrides:\n  t:\n    metrics_generator:\n      processors:\n        - span-metrics\n");
        Assert.Equal(Resolver().Resolve("t", a).Fingerprint, Resolver().Resolve("t", b).Fingerprint);
    }

    [Fact]
    public void Host_info_keys_of_a_tenant_replace_the_configured_ones_one_by_one()
    {
        var resolver = Resolver("processor: {host_info: {host_identifiers: [node.id], metric_name: cluster_hosts}}");
        var configured = resolver.Resolve("other", OverridesFile.Empty).HostInfoOptions;
        Assert.Equal(["node.id"], configured.HostIdentifiers);
        Assert.Equal("cluster_hosts", configured.MetricName);

        var file = File("overrides: {t: {metrics_generator: {processors: [host-info], processor: {host_info: {metric_name: team_hosts}}}}}");
        var s = resolver.Resolve("t", file);
        Assert.True(s.Processors.HostInfo);
        Assert.Equal(["node.id"], s.HostInfoOptions.HostIdentifiers);
        Assert.Equal("team_hosts", s.HostInfoOptions.MetricName);
        Assert.NotEqual(resolver.Resolve("t", OverridesFile.Empty).Fingerprint, s.Fingerprint);
    }

    [Fact]
    public void Host_info_defaults_to_tempo_identifiers_and_name()
    {
        var s = Resolver().Resolve("t", OverridesFile.Empty);
        Assert.Equal(["k8s.node.name", "host.id"], s.HostInfoOptions.HostIdentifiers);
        Assert.Equal("traces_host_info", s.HostInfoOptions.MetricName);
    }

    [Fact]
    public void An_empty_host_identifier_list_of_a_tenant_fails_validation_naming_the_key()
    {
        var file = File("overrides: {t: {metrics_generator: {processor: {host_info: {host_identifiers: []}}}}}");
        var error = Assert.Throws<ConfigException>(() => Resolver().Validate(file));
        Assert.Contains("host_info.host_identifiers: at least one value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_cardinality_per_label_of_the_tenant_block_reaches_the_registry_options()
    {
        var file = File("overrides: {t: {metrics_generator: {processors: [span-metrics], max_cardinality_per_label: 100}}}");
        var s = Resolver().Resolve("t", file);
        Assert.Equal(100, s.RegistryOptions.MaxCardinalityPerLabel);
        Assert.Equal(0, Resolver().Resolve("other", OverridesFile.Empty).RegistryOptions.MaxCardinalityPerLabel);
        Assert.NotEqual(Resolver().Resolve("t", OverridesFile.Empty).Fingerprint, s.Fingerprint);
    }

    [Fact]
    public void Span_name_sanitization_of_a_tenant_falls_back_to_the_defaults_block()
    {
        var resolver = new TenantSettingsResolver(YamlConfigReader.Parse("registry: {}", "config"), YamlConfigReader.Parse("span_name_sanitization: dry_run", "defaults"));
        var file = File("overrides: {a: {metrics_generator: {processors: [span-metrics]}}, b: {metrics_generator: {span_name_sanitization: enabled}}}");
        Assert.Equal(Core.Registry.Sanitizer.SpanNameSanitization.DryRun, resolver.Resolve("a", file).RegistryOptions.SpanNameSanitization);
        Assert.Equal(Core.Registry.Sanitizer.SpanNameSanitization.Enabled, resolver.Resolve("b", file).RegistryOptions.SpanNameSanitization);
        Assert.Equal(Core.Registry.Sanitizer.SpanNameSanitization.Disabled, Resolver().Resolve("c", file).RegistryOptions.SpanNameSanitization);
    }
}
