using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Tests.Configuration;

public class SectionSchemaTests
{
    private static string[] Errors(string yaml)
    {
        var errors = new ConfigErrors();
        MetricsGeneratorSchema.Check(YamlConfigReader.Parse(yaml, "test"), "metrics_generator", errors);
        return errors.Items.Select(e => e.ToString()).ToArray();
    }

    [Theory]
    [InlineData("processor: {span_metrics: {intrinsic_dimensions: {foo: true}}}",
        "metrics_generator.processor.span_metrics.intrinsic_dimensions.foo: not a valid intrinsic dimension (allowed: service, span_name, span_kind, status_code, status_message)")]
    [InlineData("registry: {collection_intervall: 15s}",
        "metrics_generator.registry.collection_intervall: unknown key (allowed: collection_interval, stale_duration, external_labels, inject_tenant_id_as, max_label_name_length, max_label_value_length, limiter_type, window_grace, allowed_lateness, future_slack)")]
    [InlineData("registry: {collection_interval: soon}",
        "metrics_generator.registry.collection_interval: expected a duration such as 15s, 1m30s or 500ms, got \"soon\"")]
    [InlineData("registry: {stale_duration: 10s}",
        "metrics_generator.registry.stale_duration: must be >= registry.collection_interval")]
    [InlineData("processor: {span_metrics: {histogram_buckets: [1, 0.5]}}",
        "metrics_generator.processor.span_metrics.histogram_buckets: must be ascending, without duplicates")]
    [InlineData("processor: {span_metrics: {dimensions: http.method}}",
        "metrics_generator.processor.span_metrics.dimensions: expected a list of string items, got \"http.method\"")]
    [InlineData("processor: {span_metrics: {dimension_mappings: [{name: x, source_labels: []}]}}",
        "metrics_generator.processor.span_metrics.dimension_mappings[0].source_labels: must not be empty")]
    [InlineData("processor: {span_metrics: {filter_policies: [{}]}}",
        "metrics_generator.processor.span_metrics.filter_policies[0]: a filter policy needs at least one of include, include_any, exclude")]
    [InlineData("processor: {service_graphs: {filter_policies: [{include: {match_type: glob}}]}}",
        "metrics_generator.processor.service_graphs.filter_policies[0].include.match_type: \"glob\" is not a valid match type (allowed: strict, regex)")]
    [InlineData("processor: {span_metrics: {filter_policies: [{exclude: {match_type: strict, attributes: [{key: duration, value: 1}]}}]}}",
        "metrics_generator.processor.span_metrics.filter_policies[0].exclude.attributes[0].key: not a valid filter key (allowed: resource.<attribute>, span.<attribute>, name, kind, status)")]
    [InlineData("processor: {service_graphs: {max_items: 0}}",
        "metrics_generator.processor.service_graphs.max_items: expected an integer > 0, got \"0\"")]
    [InlineData("storage: {remote_write: [{url: localhost:9090}]}",
        "metrics_generator.storage.remote_write[0].url: must be an absolute http:// or https:// URL")]
    [InlineData("storage: {remote_write: [{name: a}]}",
        "metrics_generator.storage.remote_write[0]: url is required")]
    [InlineData("processor: {span_metrics: {enable_target_info: yes please}}",
        "metrics_generator.processor.span_metrics.enable_target_info: expected a bool (true or false), got \"yes please\"")]
    [InlineData("processor: {span_metrics: {filter_policies: [{include: {match_type: strict, attributes: [{key: kind, value: server}]}}]}}",
        "metrics_generator.processor.span_metrics.filter_policies[0].include: strict kind and status values must be enum names such as SPAN_KIND_SERVER or STATUS_CODE_ERROR")]
    [InlineData("processor: {span_metrics: {filter_policies: [{include: {match_type: regex, attributes: [{key: name, value: '(unclosed'}]}}]}}",
        "metrics_generator.processor.span_metrics.filter_policies[0].include: every regex value must be a valid regular expression")]
    [InlineData("processor: {span_metrics: {filter_policies: [{include: {attributes: [{key: name, value: x}]}}]}}",
        "metrics_generator.processor.span_metrics.filter_policies[0].include: match_type is required (strict or regex)")]
    public void A_bad_value_names_its_key_path_and_what_is_allowed(string yaml, string expected)
    {
        Assert.Equal([expected], Errors(yaml));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        Assert.Equal(2, Errors("registry: {a: 1, b: 2}").Length);
    }

    [Fact]
    public void Defaults_fill_in_tempos_values()
    {
        var effective = MetricsGeneratorSchema.Section.WithDefaults(ConfigNode.Map())!;
        var registry = effective.GetSection("registry");
        Assert.Equal(TimeSpan.FromSeconds(15), registry.GetDuration("collection_interval"));
        Assert.Equal(TimeSpan.FromMinutes(15), registry.GetDuration("stale_duration"));
        Assert.Equal(1024, registry.GetInt("max_label_name_length"));
        Assert.Equal(2048, registry.GetInt("max_label_value_length"));
        var spanMetrics = effective.GetSection("processor").GetSection("span_metrics");
        Assert.Equal([0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384], spanMetrics.GetDoubles("histogram_buckets")!);
        Assert.False(spanMetrics.GetSection("intrinsic_dimensions").GetBool("status_message"));
        Assert.True(spanMetrics.GetBool("enable_instance_label"));
        var graphs = effective.GetSection("processor").GetSection("service_graphs");
        Assert.Equal([0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8], graphs.GetDoubles("histogram_buckets")!);
        Assert.Equal(TimeSpan.FromSeconds(10), graphs.GetDuration("wait"));
        Assert.Equal(10_000, graphs.GetInt("max_items"));
        Assert.Equal(["peer.service", "db.name", "db.system", "db.system.name"], graphs.GetStrings("peer_attributes")!);
        Assert.True(effective.GetSection("storage").GetBool("remote_write_add_org_id_header"));
    }
}
