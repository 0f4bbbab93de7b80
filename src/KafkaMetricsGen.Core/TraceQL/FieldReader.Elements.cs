using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Core.TraceQL;

public static partial class FieldReader
{
    /// <summary>
    /// Whether any event (or link) of the span has a non-nil value for the field that compares true with the literal;
    /// Tempo's engine matches a span on an event or link condition when one of them does.
    /// </summary>
    public static bool MatchesAny(FieldRef field, in StoredSpan span, ComparisonOperator op, in StaticValue literal, Regex? regex)
    {
        ArgumentNullException.ThrowIfNull(field);
        var count = field.IsLinkField ? span.LinksOrEmpty.Length : span.EventsOrEmpty.Length;
        for (var i = 0; i < count; i++)
        {
            var value = Element(field, span, i);
            if (!value.IsNil && ComparisonFilter.Compare(value, op, literal, regex))
            {
                return true;
            }
        }

        return false;
    }

    private static StaticValue FirstElement(FieldRef field, in StoredSpan span)
    {
        var count = field.IsLinkField ? span.LinksOrEmpty.Length : span.EventsOrEmpty.Length;
        for (var i = 0; i < count; i++)
        {
            var value = Element(field, span, i);
            if (!value.IsNil)
            {
                return value;
            }
        }

        return StaticValue.Nil;
    }

    /// <summary>How many events (links) a per-element field has values for on the span.</summary>
    public static int ElementCount(FieldRef field, in StoredSpan span)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.IsLinkField ? span.LinksOrEmpty.Length : span.EventsOrEmpty.Length;
    }

    /// <summary>The per-element field of the span's event (link) <paramref name="index"/>; nil when it has none.</summary>
    public static StaticValue ReadElement(FieldRef field, in StoredSpan span, int index)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Element(field, span, index);
    }

    private static StaticValue Element(FieldRef field, in StoredSpan span, int index)
    {
        if (field.IsLinkField)
        {
            ref readonly var link = ref span.LinksOrEmpty[index];
            return field.Intrinsic switch
            {
                Intrinsic.LinkTraceId => StaticValue.OfString(link.TraceId.ToHex()),
                Intrinsic.LinkSpanId => StaticValue.OfString(link.SpanId.ToHex()),
                _ => Find(link.Attributes, field.Name),
            };
        }

        ref readonly var e = ref span.EventsOrEmpty[index];
        return field.Intrinsic switch
        {
            Intrinsic.EventName => StaticValue.OfString(e.Name),
            Intrinsic.EventTimeSinceStart => StaticValue.OfDuration((long)(e.TimeUnixNano - span.StartUnixNano)),
            _ => Find(e.Attributes, field.Name),
        };
    }
}
