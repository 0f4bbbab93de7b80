using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.Tests.TraceQL.Syntax;

public class TraceQLSyntaxParserTests
{
    private static void Check(string query) => TraceQLSyntaxValidator.Validate(TraceQLSyntaxParser.Parse(query));

    [Theory]
    [MemberData(nameof(TempoTraceQLExamples.Valid), MemberType = typeof(TempoTraceQLExamples))]
    public void Tempos_valid_examples_parse_and_validate(string query) => Check(query);

    [Theory]
    [MemberData(nameof(TempoTraceQLExamples.ParseFails), MemberType = typeof(TempoTraceQLExamples))]
    public void Tempos_parse_failures_fail_to_parse(string query) =>
        Assert.StartsWith("parse error at line", Assert.Throws<TraceQLParseException>(() => TraceQLSyntaxParser.Parse(query)).Message, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(TempoTraceQLExamples.ValidateFails), MemberType = typeof(TempoTraceQLExamples))]
    public void Tempos_validation_failures_parse_and_fail_validation(string query)
    {
        var tree = TraceQLSyntaxParser.Parse(query);
        Assert.Throws<TraceQLValidationException>(() => TraceQLSyntaxValidator.Validate(tree));
    }

    [Theory]
    [MemberData(nameof(TempoTraceQLExamples.Unsupported), MemberType = typeof(TempoTraceQLExamples))]
    public void Tempos_unsupported_examples_parse_and_are_named_unsupported(string query)
    {
        var tree = TraceQLSyntaxParser.Parse(query);
        var e = Assert.Throws<TraceQLUnsupportedException>(() => TraceQLSyntaxValidator.Validate(tree));
        Assert.StartsWith("unsupported: ", e.Message, StringComparison.Ordinal);
    }
}
