using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Telemetry;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

public partial class SpanMetricsProcessorTests
{
    private static FilterPolicyOptions Policy(string block, string matchType, string key, PolicyValue value)
    {
        var match = new PolicyMatchOptions { MatchType = matchType, Attributes = [new() { Key = key, Value = value }] };
        return block switch
        {
            "include" => new FilterPolicyOptions { Include = match },
            "include_any" => new FilterPolicyOptions { IncludeAny = match },
            _ => new FilterPolicyOptions { Exclude = match },
        };
    }

    [Theory]
    [InlineData("include", MatchTypes.Strict, "span.foo", "foo-value", 10)]
    [InlineData("include", MatchTypes.Strict, "span.nope", "nothere", 0)]
    [InlineData("exclude", MatchTypes.Strict, "status", "STATUS_CODE_OK", 0)]
    [InlineData("include", MatchTypes.Regex, "kind", "SPAN_KIND_.*", 10)]
    public void Applies_filter_policies_and_counts_the_dropped_spans(string block, string matchType, string key, string value, int kept)
    {
        var tenant = "filters-" + Guid.NewGuid();
        var options = Options(o => o.FilterPolicies = [Policy(block, matchType, key, value)]);
        var registry = Run(options, SpanMetricsSubprocessor.All, tenant, MakeBatch(spanAttributes: [Shared.Otlp.Attr("foo", "foo-value")]));
        Assert.Equal(kept, registry.Value(Calls, DefaultLabels));
        Assert.Equal(10 - kept, Discarded(tenant, DiscardReasons.SpanMetricsFiltered));
    }

    [Fact]
    public void Discards_a_span_whose_labels_are_invalid_utf8()
    {
        var tenant = "utf8-" + Guid.NewGuid();
        var rs = MakeBatch(2);
        rs.ScopeSpans[0].Spans[0].Name = "ok";
        var batch = TestKit.SpanBatchFactory.From(rs, tenant);

        // Corrupt the first span's name bytes in the buffer: 0xFF is never valid UTF-8.
        var name = batch.Span(0).Name;
        var bytes = batch.Buffer.ToArray();
        bytes[name.Offset] = 0xFF;
        batch.SetBuffer(bytes);

        var registry = new TestKit.RecordingRegistry(tenant);
        using var processor = new SpanMetricsProcessor(tenant, Options(), registry);
        processor.PushSpans(batch);
        Assert.Equal(1, Discarded(tenant, DiscardReasons.InvalidUtf8));
        Assert.Equal(1, registry.Value(Calls, DefaultLabels));
    }
}
