using KafkaMetricsGen.Core.Tests.TraceQL.Syntax;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public partial class TraceQLCompilerTests
{
    public static TheoryData<string> ScopedExamples => new(TempoTraceQLExamples.Valid
        .Select(static (object[] row) => (string)row[0])
        .Where(q => q.Contains("event", StringComparison.Ordinal) || q.Contains("link", StringComparison.Ordinal) || q.Contains("instrumentation", StringComparison.Ordinal)));

    /// <summary>Tempo's valid examples that read events, links or the instrumentation scope now compile; none is refused.</summary>
    [Theory]
    [MemberData(nameof(ScopedExamples))]
    public void Tempos_event_link_and_instrumentation_examples_compile(string query) => Assert.NotNull(Compile(query));

    [Theory]
    [InlineData("event.exception.message", AttributeScope.Event, Intrinsic.None)]
    [InlineData("link.relation", AttributeScope.Link, Intrinsic.None)]
    [InlineData("instrumentation.lib.lang", AttributeScope.Instrumentation, Intrinsic.None)]
    [InlineData("event:name", AttributeScope.Intrinsic, Intrinsic.EventName)]
    [InlineData("event:timeSinceStart", AttributeScope.Intrinsic, Intrinsic.EventTimeSinceStart)]
    [InlineData("link:traceID", AttributeScope.Intrinsic, Intrinsic.LinkTraceId)]
    [InlineData("link:spanID", AttributeScope.Intrinsic, Intrinsic.LinkSpanId)]
    [InlineData("instrumentation:name", AttributeScope.Intrinsic, Intrinsic.InstrumentationName)]
    [InlineData("instrumentation:version", AttributeScope.Intrinsic, Intrinsic.InstrumentationVersion)]
    public void Event_link_and_instrumentation_fields_resolve_to_their_scope(string text, AttributeScope scope, Intrinsic intrinsic)
    {
        var field = TraceQLCompiler.ParseField(text);

        Assert.Equal((scope, intrinsic, text), (field.Scope, field.Intrinsic, field.Text));
    }
}
