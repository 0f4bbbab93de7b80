using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.Core.Processors.Shared.Otlp;
using Code = OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace KafkaMetricsGen.Core.Processors.Shared;

public class SpanFilterTests
{
    private const string Parent = "metrics_generator.processor.span_metrics";

    private static PolicyMatchOptions Block(string matchType, params (string Key, PolicyValue? Value)[] attributes) => new()
    {
        MatchType = matchType,
        Attributes = [.. attributes.Select(a => new PolicyAttributeOptions { Key = a.Key, Value = a.Value })],
    };

    private static bool Keeps(FilterPolicyOptions[] policies, ResourceSpans resourceSpans)
    {
        var filter = new SpanFilter(policies, Parent);
        var batch = SpanBatchFactory.From(resourceSpans);
        return filter.Keep(batch, 0, batch.Span(0));
    }

    private static ResourceSpans OneSpan() =>
        Resource([Attr("service.name", "svc"), Attr("region", "eu")], Span(attributes: [Attr("foo", "foo-value"), Attr("count", 3L), Attr("ratio", 0.5), Attr("flag", true)]));

    [Fact]
    public void Keeps_every_span_without_policies()
    {
        Assert.True(Keeps([], OneSpan()));
        Assert.True(new SpanFilter(null, Parent).IsEmpty);
    }

    [Fact]
    public void Keeps_a_span_whose_span_attribute_matches_a_strict_include()
    {
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.foo", "foo-value")) }], OneSpan()));
    }

    [Fact]
    public void Drops_a_span_when_the_included_attribute_is_missing()
    {
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.nope", "nothere")) }], OneSpan()));
    }

    [Fact]
    public void Reads_resource_attributes_only_for_the_resource_scope()
    {
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("resource.region", "eu")) }], OneSpan()));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.region", "eu")) }], OneSpan()));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("resource.foo", "foo-value")) }], OneSpan()));
    }

    [Fact]
    public void Drops_a_span_matching_an_exclude_on_status()
    {
        Assert.False(Keeps([new() { Exclude = Block(MatchTypes.Strict, ("status", "STATUS_CODE_OK")) }], OneSpan()));
        Assert.True(Keeps([new() { Exclude = Block(MatchTypes.Strict, ("status", "STATUS_CODE_ERROR")) }], OneSpan()));
    }

    [Fact]
    public void Matches_kind_with_an_unanchored_regex()
    {
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Regex, ("kind", "SPAN_KIND_.*")) }], OneSpan()));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Regex, ("kind", "CLIENT")) }], OneSpan()));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Regex, ("kind", "^CLIENT$")) }], OneSpan()));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Regex, ("span:kind", "SPAN_KIND_(SERVER|CONSUMER|CLIENT|PRODUCER)")) }], OneSpan()));
    }

    [Fact]
    public void Matches_an_unknown_kind_by_its_decimal_rendering()
    {
        var rs = Resource([], Span(kind: (Kind)7));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Regex, ("kind", "^7$")) }], rs));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("kind", "SPAN_KIND_CLIENT")) }], rs));
    }

    [Fact]
    public void Matches_the_span_name_strictly_and_by_regex()
    {
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("name", "test")) }], OneSpan()));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("name", "tes")) }], OneSpan()));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Regex, ("span:name", "es")) }], OneSpan()));
    }

    [Fact]
    public void Compares_strict_values_by_their_yaml_type()
    {
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.count", 3L)) }], OneSpan()));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.count", "3")) }], OneSpan()));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.ratio", 0.5)) }], OneSpan()));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.flag", true)) }], OneSpan()));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.flag", false)) }], OneSpan()));
    }

    [Fact]
    public void Reads_an_attribute_of_another_type_as_the_zero_value()
    {
        // foo is a string: as an int it reads 0, as a bool false, and a strict "" matches a non-string attribute.
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.foo", 0L)) }], OneSpan()));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.foo", false)) }], OneSpan()));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.count", string.Empty)) }], OneSpan()));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Regex, ("span.count", "3")) }], OneSpan()));
    }

    [Fact]
    public void Lets_the_first_attribute_with_the_key_decide()
    {
        var rs = Resource([], Span(attributes: [Attr("dup", "first"), Attr("dup", "second")]));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.dup", "first")) }], rs));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.dup", "second")) }], rs));
    }

    [Fact]
    public void Requires_every_attribute_of_a_block_and_every_include_block()
    {
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Strict, ("span.foo", "foo-value"), ("name", "other")) }], OneSpan()));
        Assert.False(Keeps(
            [new() { Include = Block(MatchTypes.Strict, ("span.foo", "foo-value")) }, new() { Include = Block(MatchTypes.Strict, ("name", "other")) }],
            OneSpan()));
    }

    [Fact]
    public void Keeps_a_span_when_any_include_any_block_matches()
    {
        var policies = new FilterPolicyOptions[]
        {
            new() { IncludeAny = Block(MatchTypes.Strict, ("name", "other")) },
            new() { IncludeAny = Block(MatchTypes.Strict, ("span.foo", "foo-value")) },
        };
        Assert.True(Keeps(policies, OneSpan()));
    }

    [Fact]
    public void Drops_a_span_when_no_include_any_block_matches()
    {
        Assert.False(Keeps([new() { IncludeAny = Block(MatchTypes.Strict, ("name", "other")) }], OneSpan()));
    }

    [Fact]
    public void Lets_exclude_win_over_include_any()
    {
        var policies = new FilterPolicyOptions[]
        {
            new() { IncludeAny = Block(MatchTypes.Strict, ("name", "test")), Exclude = Block(MatchTypes.Strict, ("span.foo", "foo-value")) },
        };
        Assert.False(Keeps(policies, OneSpan()));
    }

    [Fact]
    public void Treats_an_empty_attribute_list_as_no_match()
    {
        var rs = Resource([], Span(attributes: []));
        Assert.False(Keeps([new() { Include = Block(MatchTypes.Regex, ("span.foo", ".*")) }], rs));
    }

    [Fact]
    public void Matches_status_by_regex_against_the_enum_name()
    {
        var rs = Resource([], Span(status: Code.Error));
        Assert.True(Keeps([new() { Include = Block(MatchTypes.Regex, ("status", "ERROR")) }], rs));
    }
}
