using System.Globalization;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// OTLP enum names as Tempo renders them in labels and filters (<c>SPAN_KIND_SERVER</c>, <c>STATUS_CODE_ERROR</c>);
/// a value outside the enum renders as its decimal number, as protobuf's String() does.
/// </summary>
public static class SpanEnumNames
{
    private static readonly string[] KindNames =
    [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER",
    ];

    private static readonly string[] StatusNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    /// <summary>The number of named span kinds (0 … KindCount-1).</summary>
    public static int KindCount => KindNames.Length;

    /// <summary>The number of named status codes (0 … StatusCount-1).</summary>
    public static int StatusCount => StatusNames.Length;

    public static string Kind(SpanKind kind)
    {
        var i = (int)kind;
        return (uint)i < (uint)KindNames.Length ? KindNames[i] : i.ToString(CultureInfo.InvariantCulture);
    }

    public static string Status(StatusCode code)
    {
        var i = (int)code;
        return (uint)i < (uint)StatusNames.Length ? StatusNames[i] : i.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The kind whose enum name is <paramref name="name"/>, if any.</summary>
    public static bool TryParseKind(string name, out SpanKind kind)
    {
        var i = Array.IndexOf(KindNames, name);
        kind = (SpanKind)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>The status code whose enum name is <paramref name="name"/>, if any.</summary>
    public static bool TryParseStatus(string name, out StatusCode code)
    {
        var i = Array.IndexOf(StatusNames, name);
        code = (StatusCode)Math.Max(i, 0);
        return i >= 0;
    }
}
