using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.Shared;

public class FilterPolicyOptionsTests
{
    private const string Parent = "metrics_generator.processor.span_metrics";

    private static ArgumentException Invalid(string yaml)
    {
        var policies = new DeserializerBuilder().Build().Deserialize<List<FilterPolicyOptions>>(yaml);
        return Assert.Throws<ArgumentException>(() => new SpanFilter(policies, Parent));
    }

    [Fact]
    public void Binds_tempo_yaml_and_keeps_the_scalar_types()
    {
        const string yaml = """
            - include:
                match_type: strict
                attributes:
                  - {key: span.a, value: 42}
                  - {key: span.b, value: "42"}
                  - {key: span.c, value: 0.5}
                  - {key: span.d, value: true}
                  - {key: span.e, value: hello}
              include_any:
                match_type: regex
                attributes: [{key: kind, value: SPAN_KIND_.*}]
              exclude:
                match_type: strict
                attributes: [{key: status, value: STATUS_CODE_ERROR}]
            """;
        var policies = new DeserializerBuilder().Build().Deserialize<List<FilterPolicyOptions>>(yaml);
        var values = policies[0].Include!.Attributes.Select(a => a.Value!.Kind).ToArray();
        Assert.Equal([PolicyValueKind.Int, PolicyValueKind.String, PolicyValueKind.Float, PolicyValueKind.Bool, PolicyValueKind.String], values);
        Assert.Equal(42, policies[0].Include!.Attributes[0].Value!.Integer);
        Assert.Equal(MatchTypes.Regex, policies[0].IncludeAny!.MatchType);
        Assert.False(new SpanFilter(policies, Parent).IsEmpty);
    }

    [Fact]
    public void Rejects_a_policy_without_any_block()
    {
        var e = Invalid("- {}");
        Assert.StartsWith(Parent + ".filter_policies[0]: at least one of include", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_unknown_match_type_naming_the_key()
    {
        var e = Invalid("- include: {match_type: fuzzy, attributes: [{key: name, value: x}]}");
        Assert.StartsWith(Parent + ".filter_policies[0].include.match_type:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("duration")]
    [InlineData("span:duration")]
    [InlineData("event.name")]
    [InlineData("link.foo")]
    [InlineData("instrumentation.name")]
    [InlineData(".foo")]
    [InlineData("foo")]
    [InlineData("")]
    public void Rejects_keys_that_are_not_resource_span_or_name_kind_status(string key)
    {
        var e = Invalid($"- exclude: {{match_type: strict, attributes: [{{key: '{key}', value: x}}]}}");
        Assert.StartsWith(Parent + ".filter_policies[0].exclude.attributes[0].key:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind", "SERVER")]
    [InlineData("status", "ERROR")]
    public void Rejects_strict_intrinsic_values_that_are_not_enum_names(string key, string value)
    {
        var e = Invalid($"- include: {{match_type: strict, attributes: [{{key: {key}, value: {value}}}]}}");
        Assert.StartsWith(Parent + ".filter_policies[0].include.attributes[0].value:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_non_string_regex_and_a_bad_pattern()
    {
        Assert.Contains(".value:", Invalid("- include: {match_type: regex, attributes: [{key: span.x, value: 3}]}").Message, StringComparison.Ordinal);
        Assert.Contains(".value: invalid regular expression", Invalid("- include: {match_type: regex, attributes: [{key: span.x, value: '(['}]}").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_block_with_no_attributes_as_matching_everything()
    {
        var policies = new DeserializerBuilder().Build().Deserialize<List<FilterPolicyOptions>>("- include: {match_type: strict}");
        Assert.False(new SpanFilter(policies, Parent).IsEmpty);
    }
}
