using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public partial class MetricsEvaluatorTests
{
    private const ulong Millisecond = 1_000_000;

    /// <summary>
    /// Three spans at 1 s: "front" with an http scope, an exception and a retry event and a link; "back" with a grpc
    /// scope and one log event; "db" with neither scope, events nor links.
    /// </summary>
    private static ListSpanSource ScopedSpans()
    {
        static StoredAttribute[] Service(string name) => [new(LocalSpanKeys.ServiceName, StaticValue.OfString(name))];
        static StoredAttribute Text(string key, string value) => new(key, StaticValue.OfString(value));
        var start = 1 * Second;
        var front = new StoredSpan(new TraceId(0, 1), new SpanId(1), default, start, 100, "front-op", SpanKind.Server, StatusCode.Unset, "", Service("front"), [],
            new StoredScope("io.opentelemetry.http", "1.0", [Text("lib.lang", "java")]),
            [new StoredEvent("exception", start + (10 * Millisecond), [Text("exception.message", "boom")]), new StoredEvent("retry", start + (20 * Millisecond), [new("attempt", StaticValue.OfInt(2))])],
            [new StoredLink(new TraceId(0, 9), new SpanId(7), [Text("relation", "follows")])]);
        var back = new StoredSpan(new TraceId(0, 2), new SpanId(2), default, start, 100, "back-op", SpanKind.Server, StatusCode.Unset, "", Service("back"), [],
            new StoredScope("grpc", "1.1", []),
            [new StoredEvent("log", start + Millisecond, [Text("level", "info")])]);
        var db = new StoredSpan(new TraceId(0, 3), new SpanId(3), default, start, 100, "db-op", SpanKind.Server, StatusCode.Unset, "", Service("db"), []);
        return new ListSpanSource().Add(front).Add(back).Add(db);
    }

    [Theory]
    [InlineData("{ event.exception.message = \"boom\" }", "front")]
    [InlineData("{ event:name = \"retry\" }", "front")]
    [InlineData("{ event:name = \"log\" }", "back")]
    [InlineData("{ event:name != \"log\" }", "front")]
    [InlineData("{ event:name =~ \"exc.*\" }", "front")]
    [InlineData("{ event.attempt > 1 }", "front")]
    [InlineData("{ event.level = \"info\" && event:name = \"log\" }", "back")]
    [InlineData("{ event:timeSinceStart > 5ms }", "front")]
    [InlineData("{ link:traceID = \"00000000000000000000000000000009\" }", "front")]
    [InlineData("{ link:spanID = \"0000000000000007\" }", "front")]
    [InlineData("{ link.relation = \"follows\" }", "front")]
    [InlineData("{ link.relation != nil }", "front")]
    [InlineData("{ instrumentation:name = \"grpc\" }", "back")]
    [InlineData("{ instrumentation:version = \"1.0\" }", "front")]
    [InlineData("{ instrumentation.lib.lang = \"java\" }", "front")]
    [InlineData("{ !(event:name = \"log\") && !(link:spanID = \"0000000000000007\") && !(instrumentation:name = \"grpc\") }", "db")]
    [InlineData("{ event.exception.message = nil && link.relation = nil && instrumentation.lib.lang = nil && event:name = \"log\" }", "back")]
    public void Event_link_and_instrumentation_conditions_match_a_span_when_any_element_does(string filter, string service)
    {
        var series = Run(filter + " | count_over_time() by (resource.service.name)", ScopedSpans(), end: 2 * Second);

        var only = Assert.Single(series);
        Assert.Equal("{resource.service.name=\"" + service + "\"}", only.Key);
        Assert.Equal(1, only.Value.Where(v => !double.IsNaN(v)).Sum());
    }

    [Fact]
    public void Grouping_by_an_event_field_takes_the_first_event_that_has_it()
    {
        var series = Run("{ event:name != nil } | count_over_time() by (event:name)", ScopedSpans(), end: 2 * Second);

        Assert.Equal(["{event:name=\"exception\"}", "{event:name=\"log\"}"], series.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Grouping_by_instrumentation_name_gives_one_series_per_scope()
    {
        var series = Run("{ instrumentation:name != nil } | count_over_time() by (instrumentation:name)", ScopedSpans(), end: 2 * Second);

        Assert.Equal(["{instrumentation:name=\"grpc\"}", "{instrumentation:name=\"io.opentelemetry.http\"}"], series.Keys.Order(StringComparer.Ordinal));
    }
}
