namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A field a query reads: an intrinsic or an attribute. <see cref="Text"/> is its TraceQL spelling, which is also the
/// label name of a <c>by()</c> series (<c>resource.service.name</c>, <c>span.http.status_code</c>, <c>name</c>).
/// </summary>
public sealed record FieldRef(AttributeScope Scope, Intrinsic Intrinsic, string Name, string Text)
{
    public static FieldRef ForIntrinsic(Intrinsic intrinsic, string text) => new(AttributeScope.Intrinsic, intrinsic, text, text);

    public bool IsDuration => Intrinsic is Intrinsic.Duration or Intrinsic.TraceDuration or Intrinsic.EventTimeSinceStart;

    /// <summary>
    /// A field of each event or link rather than of the span: a condition on it holds when any event (link) of the span
    /// satisfies it, and reading it as a value gives the first event (link) that has it.
    /// </summary>
    public bool IsPerElement => Scope is AttributeScope.Event or AttributeScope.Link
        || Intrinsic is Intrinsic.EventName or Intrinsic.EventTimeSinceStart or Intrinsic.LinkTraceId or Intrinsic.LinkSpanId;

    /// <summary>Whether a per-element field belongs to the span's links (else its events).</summary>
    public bool IsLinkField => Scope == AttributeScope.Link || Intrinsic is Intrinsic.LinkTraceId or Intrinsic.LinkSpanId;

    /// <summary>A field read from the trace's stored spans as a whole: the trace intrinsics and the nested-set numbers.</summary>
    public bool IsTraceLevel => Intrinsic is Intrinsic.TraceRootService or Intrinsic.TraceRootName or Intrinsic.TraceDuration
        or Intrinsic.NestedSetParent or Intrinsic.NestedSetLeft or Intrinsic.NestedSetRight or Intrinsic.ChildCount;
}
