using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

public class SpanMetricsOptionsTests
{
    private static string Error(SpanMetricsOptions options) => Assert.Throws<ArgumentException>(() => options.Validate()).Message;

    [Fact]
    public void Binds_tempo_yaml_keys()
    {
        const string yaml = """
            histogram_buckets: [0.1, 1]
            intrinsic_dimensions: {status_message: true, span_kind: false}
            dimensions: [http.method]
            dimension_mappings: [{name: route, source_labels: [http.route], join: "-"}]
            enable_target_info: true
            target_info_excluded_dimensions: [host.id]
            enable_instance_label: false
            span_multiplier_key: sampling.ratio
            enable_tracestate_span_multiplier: true
            filter_policies: [{exclude: {match_type: strict, attributes: [{key: kind, value: SPAN_KIND_INTERNAL}]}}]
            """;
        var options = new DeserializerBuilder().Build().Deserialize<SpanMetricsOptions>(yaml);
        options.Validate();
        Assert.Equal([0.1, 1], options.HistogramBuckets);
        Assert.True(options.IntrinsicEnabled("status_message"));
        Assert.False(options.IntrinsicEnabled("span_kind"));
        Assert.True(options.IntrinsicEnabled("service"));
        Assert.Equal(["http.method"], options.Dimensions);
        Assert.Equal("-", options.DimensionMappings[0].Join);
        Assert.True(options.EnableTargetInfo);
        Assert.Equal(["host.id"], options.TargetInfoExcludedDimensions);
        Assert.False(options.EnableInstanceLabel);
        Assert.Equal("sampling.ratio", options.SpanMultiplierKey);
        Assert.True(options.EnableTraceStateSpanMultiplier);
        Assert.Single(options.FilterPolicies);
    }

    [Fact]
    public void Rejects_an_unknown_intrinsic_dimension()
    {
        Assert.Equal(
            "metrics_generator.processor.span_metrics.intrinsic_dimensions.foo: foo is not a valid intrinsic dimension",
            Error(new SpanMetricsOptions { IntrinsicDimensions = new() { ["foo"] = true } }));
    }

    [Fact]
    public void Rejects_a_mapping_without_name_or_sources()
    {
        Assert.StartsWith(
            "metrics_generator.processor.span_metrics.dimension_mappings[0].name:",
            Error(new SpanMetricsOptions { DimensionMappings = [new() { SourceLabels = ["a"] }] }),
            StringComparison.Ordinal);
        Assert.StartsWith(
            "metrics_generator.processor.span_metrics.dimension_mappings[0].source_labels:",
            Error(new SpanMetricsOptions { DimensionMappings = [new() { Name = "x" }] }),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_mapping_that_collides_with_a_dimension_or_another_mapping()
    {
        Assert.Contains("collides with a label of dimensions", Error(new SpanMetricsOptions
        {
            Dimensions = ["foo.bar"],
            DimensionMappings = [new() { Name = "foo_bar", SourceLabels = ["a"] }],
        }), StringComparison.Ordinal);
        Assert.StartsWith("metrics_generator.processor.span_metrics.dimension_mappings[1].name:", Error(new SpanMetricsOptions
        {
            DimensionMappings = [new() { Name = "x.y", SourceLabels = ["a"] }, new() { Name = "x_y", SourceLabels = ["b"] }],
        }), StringComparison.Ordinal);
    }

    [Fact]
    public void Turns_a_mapping_named_like_an_intrinsic_into_a_prefixed_label()
    {
        var options = new SpanMetricsOptions { DimensionMappings = [new() { Name = "service", SourceLabels = ["a"] }] };
        options.Validate();
        Assert.Equal(["__service"], DimensionPlan.MappingLabelNames(options, SpanMetricsSchema.Prefix));
    }

    [Fact]
    public void Allows_dimensions_that_collide_with_each_other()
    {
        new SpanMetricsOptions { Dimensions = ["deployment.environment", "deployment_environment"] }.Validate();
    }

    [Fact]
    public void Rejects_repeated_or_non_finite_buckets()
    {
        Assert.StartsWith("metrics_generator.processor.span_metrics.histogram_buckets:", Error(new SpanMetricsOptions { HistogramBuckets = [1, 1] }), StringComparison.Ordinal);
        Assert.StartsWith("metrics_generator.processor.span_metrics.histogram_buckets:", Error(new SpanMetricsOptions { HistogramBuckets = [double.NaN] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_invalid_filter_policies_naming_the_key()
    {
        Assert.StartsWith(
            "metrics_generator.processor.span_metrics.filter_policies[0]:",
            Error(new SpanMetricsOptions { FilterPolicies = [new()] }),
            StringComparison.Ordinal);
    }
}
