using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Reads a field of a stored span as a typed value; a missing attribute is nil. Event and link fields have one value
/// per event (link): <see cref="Read"/> gives the first that exists, <see cref="MatchesAny"/> tests each.
/// </summary>
public static partial class FieldReader
{
    public static StaticValue Read(FieldRef field, in StoredSpan span, in TraceInfo trace)
    {
        switch (field.Scope)
        {
            case AttributeScope.Intrinsic:
                return ReadIntrinsic(field.Intrinsic, span, trace);
            case AttributeScope.Span:
                return Find(span.Attributes, field.Name);
            case AttributeScope.Resource:
                return Find(span.Resource, field.Name);
            case AttributeScope.Instrumentation:
                return Find(span.ScopeOrEmpty.Attributes, field.Name);
            case AttributeScope.Event or AttributeScope.Link:
                return FirstElement(field, span);
            default:
                var v = Find(span.Attributes, field.Name);
                return v.IsNil ? Find(span.Resource, field.Name) : v;
        }
    }

    /// <summary>The first attribute with the key wins, as in Tempo.</summary>
    public static StaticValue Find(StoredAttribute[] attributes, string key)
    {
        foreach (ref readonly var a in attributes.AsSpan())
        {
            if (ReferenceEquals(a.Key, key) || string.Equals(a.Key, key, StringComparison.Ordinal))
            {
                return a.Value;
            }
        }

        return StaticValue.Nil;
    }

    private static StaticValue ReadIntrinsic(Intrinsic intrinsic, in StoredSpan span, in TraceInfo trace) => intrinsic switch
    {
        Intrinsic.Name => StaticValue.OfString(span.Name),
        Intrinsic.Status => StaticValue.OfStatus(span.Status),
        Intrinsic.Kind => StaticValue.OfKind(span.Kind),
        Intrinsic.Duration => StaticValue.OfDuration((long)span.DurationNano),
        Intrinsic.StatusMessage => StaticValue.OfString(span.StatusMessage),
        Intrinsic.TraceRootService => trace.RootService is null ? StaticValue.Nil : StaticValue.OfString(trace.RootService),
        Intrinsic.TraceRootName => trace.RootName is null ? StaticValue.Nil : StaticValue.OfString(trace.RootName),
        Intrinsic.TraceDuration => trace.EndUnixNano == 0 ? StaticValue.Nil : StaticValue.OfDuration((long)trace.DurationNano),
        Intrinsic.SpanId => StaticValue.OfString(span.SpanId.ToHex()),
        Intrinsic.TraceId => StaticValue.OfString(span.TraceId.ToHex()),
        Intrinsic.ParentId => span.ParentSpanId.IsEmpty ? StaticValue.Nil : StaticValue.OfString(span.ParentSpanId.ToHex()),

        Intrinsic.NestedSetParent or Intrinsic.NestedSetLeft or Intrinsic.NestedSetRight or Intrinsic.ChildCount => NestedSet(intrinsic, span, trace),
        Intrinsic.InstrumentationName => HasScope(span) ? StaticValue.OfString(span.Scope!.Name) : StaticValue.Nil,
        Intrinsic.InstrumentationVersion => HasScope(span) ? StaticValue.OfString(span.Scope!.Version) : StaticValue.Nil,
        Intrinsic.EventName or Intrinsic.EventTimeSinceStart or Intrinsic.LinkTraceId or Intrinsic.LinkSpanId => FirstElement(FieldRef.ForIntrinsic(intrinsic, string.Empty), span),
        _ => StaticValue.Nil,
    };

    /// <summary>
    /// The span's number in the stored tree of its trace. Without the tree (a path that reads no trace), a root's
    /// parent is still -1 and any other span's 1, so Drilldown's <c>nestedSetParent &lt; 0</c> stays exact.
    /// </summary>
    private static StaticValue NestedSet(Intrinsic intrinsic, in StoredSpan span, in TraceInfo trace)
    {
        if (trace.NestedSets is null || !trace.NestedSets.TryGet(span.TraceId, span.SpanId, out var left, out var right, out var parent, out var children))
        {
            return intrinsic == Intrinsic.NestedSetParent ? StaticValue.OfInt(span.IsRoot ? -1 : 1) : StaticValue.Nil;
        }

        return StaticValue.OfInt(intrinsic switch
        {
            Intrinsic.NestedSetLeft => left,
            Intrinsic.NestedSetRight => right,
            Intrinsic.ChildCount => children,
            _ => parent,
        });
    }

    private static bool HasScope(in StoredSpan span) => span.Scope is not null && !ReferenceEquals(span.Scope, StoredScope.Empty);
}
