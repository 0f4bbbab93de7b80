using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.Shared;

public class SpanEnumNamesTests
{
    [Fact]
    public void Renders_kinds_and_statuses_like_the_protobuf_enum_names()
    {
        foreach (OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind kind in Enum.GetValues<OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind>())
        {
            var original = typeof(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind).GetField(kind.ToString())!
                .GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false).Cast<Google.Protobuf.Reflection.OriginalNameAttribute>().Single().Name;
            Assert.Equal(original, SpanEnumNames.Kind((SpanKind)(int)kind));
        }

        Assert.Equal("STATUS_CODE_UNSET", SpanEnumNames.Status(StatusCode.Unset));
        Assert.Equal("STATUS_CODE_OK", SpanEnumNames.Status(StatusCode.Ok));
        Assert.Equal("STATUS_CODE_ERROR", SpanEnumNames.Status(StatusCode.Error));
    }

    [Fact]
    public void Renders_an_unknown_value_as_its_decimal_number()
    {
        Assert.Equal("7", SpanEnumNames.Kind((SpanKind)7));
        Assert.Equal("9", SpanEnumNames.Status((StatusCode)9));
    }
}
