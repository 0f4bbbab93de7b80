using System.Text.Json;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

internal static partial class OtlpJsonMapper
{
    private static readonly string[] SpanKindNames =
    [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER",
    ];

    private static readonly string[] StatusCodeNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    private static Span Span(JsonElement element)
    {
        RequireObject(element, "spans[]");
        var message = new Span();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (Normalize(property.Name))
            {
                case "traceid":
                    message.TraceId = Id(value, 16);
                    break;
                case "spanid":
                    message.SpanId = Id(value, 8);
                    break;
                case "parentspanid":
                    message.ParentSpanId = Id(value, 8);
                    break;
                case "tracestate":
                    message.TraceState = String(value);
                    break;
                case "flags":
                    message.Flags = UInt32(value);
                    break;
                case "name":
                    message.Name = String(value);
                    break;
                case "kind":
                    message.Kind = (Span.Types.SpanKind)Enum(value, SpanKindNames);
                    break;
                case "starttimeunixnano":
                    message.StartTimeUnixNano = UInt64(value);
                    break;
                case "endtimeunixnano":
                    message.EndTimeUnixNano = UInt64(value);
                    break;
                case "attributes":
                    AddKeyValues(value, message.Attributes);
                    break;
                case "droppedattributescount":
                    message.DroppedAttributesCount = UInt32(value);
                    break;
                case "events":
                    foreach (var item in Items(value, property.Name))
                    {
                        message.Events.Add(Event(item));
                    }

                    break;
                case "droppedeventscount":
                    message.DroppedEventsCount = UInt32(value);
                    break;
                case "links":
                    foreach (var item in Items(value, property.Name))
                    {
                        message.Links.Add(Link(item));
                    }

                    break;
                case "droppedlinkscount":
                    message.DroppedLinksCount = UInt32(value);
                    break;
                case "status":
                    message.Status = Status(value);
                    break;
            }
        }

        return message;
    }

    private static Span.Types.Event Event(JsonElement element)
    {
        RequireObject(element, "events[]");
        var message = new Span.Types.Event();
        foreach (var property in element.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "timeunixnano":
                    message.TimeUnixNano = UInt64(property.Value);
                    break;
                case "name":
                    message.Name = String(property.Value);
                    break;
                case "attributes":
                    AddKeyValues(property.Value, message.Attributes);
                    break;
                case "droppedattributescount":
                    message.DroppedAttributesCount = UInt32(property.Value);
                    break;
            }
        }

        return message;
    }

    private static Span.Types.Link Link(JsonElement element)
    {
        RequireObject(element, "links[]");
        var message = new Span.Types.Link();
        foreach (var property in element.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "traceid":
                    message.TraceId = Id(property.Value, 16);
                    break;
                case "spanid":
                    message.SpanId = Id(property.Value, 8);
                    break;
                case "tracestate":
                    message.TraceState = String(property.Value);
                    break;
                case "attributes":
                    AddKeyValues(property.Value, message.Attributes);
                    break;
                case "droppedattributescount":
                    message.DroppedAttributesCount = UInt32(property.Value);
                    break;
                case "flags":
                    message.Flags = UInt32(property.Value);
                    break;
            }
        }

        return message;
    }
}
