using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

/// <summary>compare(): Tempo's baseline and selection series, totals and topN rules.</summary>
public partial class MetricsEvaluatorTests
{
    /// <summary>Three baseline spans and four selected ones, with span attributes service and environment.</summary>
    private static ListSpanSource CompareSpans()
    {
        var s = new ListSpanSource();
        var id = 0UL;
        void Add(ulong startSeconds, string service, string environment) => s.Add(new StoredSpan(
            new TraceId(0, ++id), new SpanId(id), default, startSeconds * Second, 10, "op", SpanKind.Server, StatusCode.Unset, string.Empty,
            [], [new StoredAttribute("service", StaticValue.OfString(service)), new StoredAttribute("environment", StaticValue.OfString(environment))]));
        Add(1, "baseline1", "prod");
        Add(1, "baseline2", "dev");
        Add(2, "baseline1", "prod");
        Add(1, "selected", "prod");
        Add(2, "selected", "dev");
        Add(2, "selected", "dev");
        Add(3, "selected", "prod");
        return s;
    }

    [Fact]
    public void Compare_splits_counts_per_attribute_value_into_baseline_and_selection_as_tempo_does()
    {
        var r = Run("{ } | compare({ .service = \"selected\" })", CompareSpans(), start: 1, end: 3 * Second, step: 2 * Second);
        Assert.Equal([2, 0], r["{__meta_type=\"baseline\", span.service=\"baseline1\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", span.service=\"baseline2\"}"]);
        Assert.Equal([2, 0], r["{__meta_type=\"baseline\", span.environment=\"prod\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", span.environment=\"dev\"}"]);
        Assert.Equal([3, 0], r["{__meta_type=\"baseline_total\", span.service=\"<nil>\"}"]);
        Assert.Equal([3, 0], r["{__meta_type=\"baseline_total\", span.environment=\"<nil>\"}"]);
        Assert.Equal([3, 1], r["{__meta_type=\"selection\", span.service=\"selected\"}"]);
        Assert.Equal([1, 1], r["{__meta_type=\"selection\", span.environment=\"prod\"}"]);
        Assert.Equal([2, 0], r["{__meta_type=\"selection\", span.environment=\"dev\"}"]);
        Assert.Equal([3, 1], r["{__meta_type=\"selection_total\", span.service=\"<nil>\"}"]);
        Assert.Equal([3, 1], r["{__meta_type=\"selection_total\", span.environment=\"<nil>\"}"]);

        // The intrinsics are compared too; durations are not.
        Assert.Equal([3, 0], r["{__meta_type=\"baseline\", name=\"op\"}"]);
        Assert.Equal([3, 1], r["{__meta_type=\"selection\", kind=\"server\"}"]);
        Assert.DoesNotContain(r.Keys, k => k.Contains("duration", StringComparison.Ordinal));
    }

    /// <summary>
    /// Tempo's compare() reads every attribute and intrinsic its block holds for the span (select-all), skipping
    /// durations, ids, start times and nested-set numbers: statusMessage (stored empty when unset) and the trace's
    /// rootServiceName and rootName count as well.
    /// </summary>
    [Fact]
    public void Compare_counts_the_intrinsics_tempo_reads_for_each_span()
    {
        var s = new ListSpanSource();
        s.Add(new StoredSpan(new TraceId(0, 1), new SpanId(1), default, Second, 10, "root", SpanKind.Server, StatusCode.Error, "boom",
            [new StoredAttribute(LocalSpanKeys.ServiceName, StaticValue.OfString("gw"))], []));
        s.Add(new StoredSpan(new TraceId(0, 1), new SpanId(2), new SpanId(1), Second, 10, "child", SpanKind.Client, StatusCode.Unset, string.Empty,
            [new StoredAttribute(LocalSpanKeys.ServiceName, StaticValue.OfString("db"))], []));
        s.Add(new StoredSpan(new TraceId(0, 2), new SpanId(3), new SpanId(9), Second, 10, "orphan", SpanKind.Server, StatusCode.Unset, string.Empty,
            [new StoredAttribute(LocalSpanKeys.ServiceName, StaticValue.OfString("db"))], []));
        var r = Run("{ } | compare({ status = error })", s, start: 1, end: 3 * Second, step: 2 * Second);

        Assert.Equal([1, 0], r["{__meta_type=\"selection\", statusMessage=\"boom\"}"]);
        Assert.Equal([2, 0], r["{__meta_type=\"baseline\", statusMessage=\"<empty>\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"selection\", rootServiceName=\"gw\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", rootServiceName=\"gw\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", rootName=\"root\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", rootName=\"<empty>\"}"]);
        Assert.Equal([2, 0], r["{__meta_type=\"baseline_total\", rootServiceName=\"<nil>\"}"]);
        Assert.DoesNotContain(r.Keys, k => k.Contains("span:id", StringComparison.Ordinal) || k.Contains("trace:id", StringComparison.Ordinal)
            || k.Contains("nestedSet", StringComparison.Ordinal));
    }

    /// <summary>
    /// The instrumentation scope's name and version count as intrinsics (empty when the span has no scope, as Tempo's
    /// blocks store them as plain strings) and its attributes as <c>instrumentation.x</c>.
    /// </summary>
    [Fact]
    public void Compare_counts_the_instrumentation_scope_of_each_span()
    {
        var pgx = new StoredScope("pgx", "5.1", [new StoredAttribute("otel.scope.kind", StaticValue.OfString("driver"))]);
        var s = new ListSpanSource();
        s.Add(new StoredSpan(new TraceId(0, 1), new SpanId(1), default, Second, 10, "root", SpanKind.Server, StatusCode.Error, string.Empty,
            [], [], pgx));
        s.Add(new StoredSpan(new TraceId(0, 1), new SpanId(2), new SpanId(1), Second, 10, "child", SpanKind.Server, StatusCode.Unset, string.Empty,
            [], [], pgx));
        s.Add(new StoredSpan(new TraceId(0, 2), new SpanId(3), default, Second, 10, "bare", SpanKind.Server, StatusCode.Unset, string.Empty,
            [], []));
        var r = Run("{ } | compare({ status = error })", s, start: 1, end: 3 * Second, step: 2 * Second);

        Assert.Equal([1, 0], r["{__meta_type=\"selection\", instrumentation:name=\"pgx\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"selection\", instrumentation:version=\"5.1\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"selection\", instrumentation.otel.scope.kind=\"driver\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", instrumentation:name=\"pgx\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", instrumentation:name=\"<empty>\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", instrumentation:version=\"<empty>\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline\", instrumentation.otel.scope.kind=\"driver\"}"]);
        Assert.Equal([2, 0], r["{__meta_type=\"baseline_total\", instrumentation:name=\"<nil>\"}"]);
        Assert.Equal([1, 0], r["{__meta_type=\"baseline_total\", instrumentation.otel.scope.kind=\"<nil>\"}"]);
    }

    [Fact]
    public void Compare_keeps_the_top_n_values_by_total_and_marks_the_attribute()
    {
        var first = MetricsEvaluator.Evaluate(
            TraceQLCompilerTests.Compile("{ } | compare({ .service = \"selected\" }, 1)"), new QueryRange(1, 3 * Second, 2 * Second).Align(), CompareSpans());
        var keys = first.Series.Keys.ToList();
        Assert.Contains("{__meta_type=\"baseline\", span.service=\"baseline1\"}", keys);
        Assert.DoesNotContain("{__meta_type=\"baseline\", span.service=\"baseline2\"}", keys);
        Assert.Contains("{__meta_error=\"__too_many_values__\", span.service=\"<nil>\"}", keys);
        Assert.Contains("{__meta_type=\"selection\", span.environment=\"dev\"}", keys);
        Assert.DoesNotContain("{__meta_type=\"selection\", span.environment=\"prod\"}", keys);

        // Totals still count every span.
        Assert.Equal([3, 0], first.Series["{__meta_type=\"baseline_total\", span.service=\"<nil>\"}"].Values);
    }

    [Fact]
    public void Compare_with_a_time_window_selects_only_spans_starting_inside_it()
    {
        var r = Run("{ } | compare({ .service = \"selected\" }, 10, 1500000000, 2500000000)", CompareSpans(), start: 1, end: 3 * Second, step: 2 * Second);
        Assert.Equal([2, 0], r["{__meta_type=\"selection\", span.service=\"selected\"}"]);
        Assert.Equal([1, 1], r["{__meta_type=\"baseline\", span.service=\"selected\"}"]);

        // As in Tempo the window is (start, end]: a span starting exactly at start is baseline, exactly at end selected.
        var edges = Run("{ } | compare({ .service = \"selected\" }, 10, 1000000000, 2000000000)", CompareSpans(), start: 1, end: 3 * Second, step: 2 * Second);
        Assert.Equal([2, 0], edges["{__meta_type=\"selection\", span.service=\"selected\"}"]);
        Assert.Equal([1, 1], edges["{__meta_type=\"baseline\", span.service=\"selected\"}"]);
    }

    [Theory]
    [InlineData("{ } | compare({ .a = 1 }, 0)", "top number of values must be an integer between 1 and 1000")]
    [InlineData("{ } | compare({ .a = 1 }, 1001)", "top number of values must be an integer between 1 and 1000")]
    [InlineData("{ } | compare({ .a = 1 }, 5, 10, 5)", "end timestamp must be greater than start timestamp")]
    public void Compare_refuses_bad_arguments_as_tempo_does(string query, string message) =>
        Assert.Contains(message, Assert.Throws<TraceQLQueryException>(() => TraceQLCompilerTests.Compile(query)).Message, StringComparison.Ordinal);
}
