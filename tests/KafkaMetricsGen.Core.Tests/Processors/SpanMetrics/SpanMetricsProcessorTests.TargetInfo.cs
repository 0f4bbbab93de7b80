using OpenTelemetry.Proto.Common.V1;
using static KafkaMetricsGen.Core.Processors.Shared.Otlp;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

public partial class SpanMetricsProcessorTests
{
    private static TestKit.RecordingRegistry RunTargetInfo(KeyValue[] resource, Action<SpanMetricsOptions>? configure = null)
    {
        var options = Options(o =>
        {
            o.EnableTargetInfo = true;
            configure?.Invoke(o);
        });
        return Run(options, MakeBatch(resource: resource));
    }

    private static readonly KeyValue[] ServiceAndInstance = [Attr("service.name", "test-service"), Attr("service.instance.id", "abc-instance-id-test-def")];

    [Fact]
    public void Writes_target_info_with_job_and_instance_on_span_metrics_too()
    {
        var registry = RunTargetInfo(
            [Attr("service.name", "test-service"), Attr("random.res.attr", "x"), Attr("job", "dummy-job"), Attr("service.instance.id", "instance"), Attr("instance", "dummy-instance")],
            o => o.TargetInfoExcludedDimensions = ["random.res.attr"]);
        Assert.Equal(10, registry.Value(Calls, [.. DefaultLabels, ("job", "test-service"), ("instance", "instance")]));
        Assert.Equal(1, registry.Value(TargetInfo, ("job", "test-service"), ("__job", "dummy-job"), ("instance", "instance"), ("__instance", "dummy-instance")));
        Assert.Single(registry.Series(TargetInfo));
    }

    [Fact]
    public void Writes_target_info_with_the_other_resource_attributes()
    {
        var registry = RunTargetInfo([.. ServiceAndInstance, Attr("cluster", "eu-west-0"), Attr("ip", "1.1.1.1")]);
        Assert.Equal(1, registry.Value(TargetInfo, ("job", "test-service"), ("instance", "abc-instance-id-test-def"), ("cluster", "eu-west-0"), ("ip", "1.1.1.1")));
    }

    [Fact]
    public void Sanitizes_target_info_label_names()
    {
        var registry = RunTargetInfo([.. ServiceAndInstance, Attr("cluster-id", "eu-west-0"), Attr("target.ip", "1.1.1.1")]);
        Assert.Equal(1, registry.Value(TargetInfo, ("job", "test-service"), ("instance", "abc-instance-id-test-def"), ("cluster_id", "eu-west-0"), ("target_ip", "1.1.1.1")));
    }

    [Fact]
    public void Skips_an_empty_key_and_keys_starting_with_a_digit()
    {
        var registry = RunTargetInfo([.. ServiceAndInstance, Attr(string.Empty, "empty"), Attr("1digit", "x"), Attr("cluster", "eu-west-0")]);
        Assert.Equal(1, registry.Value(TargetInfo, ("job", "test-service"), ("instance", "abc-instance-id-test-def"), ("cluster", "eu-west-0")));
        Assert.Single(registry.Series(TargetInfo));
    }

    [Fact]
    public void Omits_an_empty_valued_attribute()
    {
        var registry = RunTargetInfo([.. ServiceAndInstance, Attr("empty", string.Empty), Attr("cluster", "eu-west-0")]);
        Assert.Equal(1, registry.Value(TargetInfo, ("job", "test-service"), ("instance", "abc-instance-id-test-def"), ("cluster", "eu-west-0")));
    }

    [Fact]
    public void Writes_no_target_info_when_every_extra_attribute_is_empty()
    {
        Assert.Empty(RunTargetInfo([.. ServiceAndInstance, Attr("empty", string.Empty)]).Series(TargetInfo));
    }

    [Fact]
    public void Writes_no_target_info_with_only_job_and_instance()
    {
        Assert.Empty(RunTargetInfo(ServiceAndInstance).Series(TargetInfo));
    }

    [Fact]
    public void Writes_no_target_info_without_service_name_and_instance_id()
    {
        Assert.Empty(RunTargetInfo([Attr("cluster", "eu-west-0")]).Series(TargetInfo));
    }

    [Fact]
    public void Leaves_excluded_dimensions_out_of_target_info()
    {
        var registry = RunTargetInfo(
            [.. ServiceAndInstance, Attr("container", "c"), Attr("container.id", "42"), Attr("cluster", "eu-west-0")],
            o => o.TargetInfoExcludedDimensions = ["container", "container.id"]);
        Assert.Equal(1, registry.Value(TargetInfo, ("job", "test-service"), ("instance", "abc-instance-id-test-def"), ("cluster", "eu-west-0")));
    }

    [Fact]
    public void Drops_the_instance_label_everywhere_when_disabled()
    {
        var registry = RunTargetInfo([.. ServiceAndInstance, Attr("cluster", "eu-west-0")], o => o.EnableInstanceLabel = false);
        Assert.Equal(10, registry.Value(Calls, [.. DefaultLabels, ("job", "test-service")]));
        Assert.Equal(1, registry.Value(TargetInfo, ("job", "test-service"), ("cluster", "eu-west-0")));
    }

    [Fact]
    public void Writes_target_info_once_per_resource_after_a_span_passes()
    {
        var registry = RunTargetInfo([.. ServiceAndInstance, Attr("cluster", "eu-west-0")]);
        Assert.Single(registry.Observations, o => o.Metric == TargetInfo);

        var none = RunTargetInfo(
            [.. ServiceAndInstance, Attr("cluster", "eu-west-0")],
            o => o.FilterPolicies = [Policy("include", Shared.MatchTypes.Strict, "name", "other")]);
        Assert.Empty(none.Series(TargetInfo));
    }

    [Fact]
    public void Adds_no_job_or_instance_to_span_metrics_without_target_info()
    {
        var registry = Run(Options(), MakeBatch(resource: [.. ServiceAndInstance, Attr("service.namespace", "ns")]));
        Assert.Equal(10, registry.Value(Calls, DefaultLabels));
    }
}
