using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Maps OTLP/JSON onto the OTLP protobuf objects. Property names compare without case and underscores, so the
/// camelCase of the OTLP/JSON spec and the original snake_case names both match; unknown properties are ignored and
/// <c>null</c> means absent, as the protobuf JSON mapping says. Bad values throw <see cref="FormatException"/>.
/// </summary>
internal static partial class OtlpJsonMapper
{
    public static TracesData Map(JsonElement root)
    {
        RequireObject(root, "top level");
        var data = new TracesData();
        foreach (var property in root.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "resourcespans":
                case "batches":
                    foreach (var item in Items(property.Value, property.Name))
                    {
                        data.ResourceSpans.Add(ResourceSpans(item));
                    }

                    break;
            }
        }

        return data;
    }

    private static ResourceSpans ResourceSpans(JsonElement element)
    {
        RequireObject(element, "resourceSpans[]");
        var message = new ResourceSpans();
        foreach (var property in element.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "resource":
                    message.Resource = Resource(property.Value);
                    break;
                case "scopespans":
                case "instrumentationlibraryspans":
                    foreach (var item in Items(property.Value, property.Name))
                    {
                        message.ScopeSpans.Add(ScopeSpans(item));
                    }

                    break;
                case "schemaurl":
                    message.SchemaUrl = String(property.Value);
                    break;
            }
        }

        return message;
    }

    private static Resource? Resource(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        RequireObject(element, "resource");
        var message = new Resource();
        foreach (var property in element.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
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

    private static ScopeSpans ScopeSpans(JsonElement element)
    {
        RequireObject(element, "scopeSpans[]");
        var message = new ScopeSpans();
        foreach (var property in element.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "scope":
                case "instrumentationlibrary":
                    message.Scope = Scope(property.Value);
                    break;
                case "spans":
                    foreach (var item in Items(property.Value, property.Name))
                    {
                        message.Spans.Add(Span(item));
                    }

                    break;
                case "schemaurl":
                    message.SchemaUrl = String(property.Value);
                    break;
            }
        }

        return message;
    }

    private static InstrumentationScope? Scope(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        RequireObject(element, "scope");
        var message = new InstrumentationScope();
        foreach (var property in element.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "name":
                    message.Name = String(property.Value);
                    break;
                case "version":
                    message.Version = String(property.Value);
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

    private static Status? Status(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        RequireObject(element, "status");
        var message = new Status();
        foreach (var property in element.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "message":
                    message.Message = String(property.Value);
                    break;
                case "code":
                    message.Code = (Status.Types.StatusCode)Enum(property.Value, StatusCodeNames);
                    break;
            }
        }

        return message;
    }

    private static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{what}: expected an object, got {element.ValueKind}");
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement element, string what) => element.ValueKind switch
    {
        JsonValueKind.Null => [],
        JsonValueKind.Array => element.EnumerateArray(),
        _ => throw new FormatException($"{what}: expected an array, got {element.ValueKind}"),
    };

    /// <summary>Lower case without underscores: <c>traceId</c>, <c>trace_id</c> and <c>TraceId</c> all become <c>traceid</c>.</summary>
    private static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 64)];
        var length = 0;
        foreach (var c in name)
        {
            if (c == '_')
            {
                continue;
            }

            if (length == buffer.Length)
            {
                return name;
            }

            buffer[length++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..length]);
    }

    private static ByteString ByteStringOf(byte[] bytes) => UnsafeByteOperations.UnsafeWrap(bytes);
}
