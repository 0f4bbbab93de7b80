namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A field a query reads: an intrinsic or an attribute. <see cref="Text"/> is its TraceQL spelling, which is also the
/// label name of a <c>by()</c> series (<c>resource.service.name</c>, <c>span.http.status_code</c>, <c>name</c>).
/// </summary>
public sealed record FieldRef(AttributeScope Scope, Intrinsic Intrinsic, string Name, string Text)
{
    public static FieldRef ForIntrinsic(Intrinsic intrinsic, string text) => new(AttributeScope.Intrinsic, intrinsic, text, text);

    public bool IsDuration => Intrinsic is Intrinsic.Duration or Intrinsic.TraceDuration;

    public bool IsTraceLevel => Intrinsic is Intrinsic.TraceRootService or Intrinsic.TraceRootName or Intrinsic.TraceDuration;
}
