namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// Label names the span-metrics processor writes itself, and the intrinsic-dimension keys of
/// <c>intrinsic_dimensions</c>, which are the same words.
/// </summary>
public static class SpanMetricsLabelNames
{
    public const string Service = "service";
    public const string SpanName = "span_name";
    public const string SpanKind = "span_kind";
    public const string StatusCode = "status_code";
    public const string StatusMessage = "status_message";
    public const string Job = "job";
    public const string Instance = "instance";

    /// <summary>The intrinsic dimensions in Tempo's order of addition; a custom dimension sanitized to one of these gets <c>__</c>.</summary>
    public static readonly string[] Intrinsics = [Service, SpanName, SpanKind, StatusCode, StatusMessage];

    /// <summary>Names a target_info resource attribute must not take (it gets <c>__</c> instead).</summary>
    public static readonly string[] TargetInfoReserved = [Service, SpanName, SpanKind, StatusCode, StatusMessage, Job, Instance];
}
