using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace KafkaMetricsGen.Core.Ingest;

internal static partial class OtlpJsonMapper
{
    private static void AddKeyValues(JsonElement element, RepeatedField<KeyValue> target)
    {
        foreach (var item in Items(element, "attributes"))
        {
            target.Add(KeyValue(item));
        }
    }

    private static KeyValue KeyValue(JsonElement element)
    {
        RequireObject(element, "attribute");
        var message = new KeyValue();
        foreach (var property in element.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "key":
                    message.Key = String(property.Value);
                    break;
                case "value":
                    message.Value = AnyValue(property.Value);
                    break;
            }
        }

        return message;
    }

    private static AnyValue? AnyValue(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        RequireObject(element, "value");
        var message = new AnyValue();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (Normalize(property.Name))
            {
                case "stringvalue":
                    message.StringValue = String(value);
                    break;
                case "boolvalue":
                    message.BoolValue = value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw new FormatException($"boolValue: expected true or false, got {value.ValueKind}"),
                    };
                    break;
                case "intvalue":
                    message.IntValue = Int64(value);
                    break;
                case "doublevalue":
                    message.DoubleValue = Double(value);
                    break;
                case "bytesvalue":
                    message.BytesValue = ByteStringOf(Base64(value));
                    break;
                case "arrayvalue":
                    message.ArrayValue = ArrayValue(value);
                    break;
                case "kvlistvalue":
                    message.KvlistValue = KeyValueList(value);
                    break;
            }
        }

        return message;
    }

    private static ArrayValue ArrayValue(JsonElement element)
    {
        RequireObject(element, "arrayValue");
        var message = new ArrayValue();
        foreach (var property in element.EnumerateObject())
        {
            if (Normalize(property.Name) == "values")
            {
                foreach (var item in Items(property.Value, property.Name))
                {
                    message.Values.Add(AnyValue(item) ?? new AnyValue());
                }
            }
        }

        return message;
    }

    private static KeyValueList KeyValueList(JsonElement element)
    {
        RequireObject(element, "kvlistValue");
        var message = new KeyValueList();
        foreach (var property in element.EnumerateObject())
        {
            if (Normalize(property.Name) == "values")
            {
                AddKeyValues(property.Value, message.Values);
            }
        }

        return message;
    }

    private static string String(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => string.Empty,
        JsonValueKind.String => element.GetString()!,
        _ => throw new FormatException($"expected a string, got {element.ValueKind}"),
    };

    private static ulong UInt64(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => 0,
        JsonValueKind.Number when element.TryGetUInt64(out var n) => n,
        JsonValueKind.String when ulong.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new FormatException($"expected an unsigned 64-bit integer, got {element.GetRawText()}"),
    };

    private static long Int64(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => 0,
        JsonValueKind.Number when element.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new FormatException($"expected a 64-bit integer, got {element.GetRawText()}"),
    };

    private static uint UInt32(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => 0,
        JsonValueKind.Number when element.TryGetUInt32(out var n) => n,
        JsonValueKind.String when uint.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new FormatException($"expected an unsigned 32-bit integer, got {element.GetRawText()}"),
    };

    private static double Double(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.GetDouble();
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString();
            switch (text)
            {
                case "NaN":
                    return double.NaN;
                case "Infinity":
                    return double.PositiveInfinity;
                case "-Infinity":
                    return double.NegativeInfinity;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        throw new FormatException($"expected a double, got {element.GetRawText()}");
    }

    /// <summary>An enum as its number or its protobuf name.</summary>
    private static int Enum(JsonElement element, string[] names)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number))
        {
            return number;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            var index = Array.IndexOf(names, text);
            if (index >= 0)
            {
                return index;
            }

            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }
        }

        throw new FormatException($"expected one of {string.Join(", ", names)} or a number, got {element.GetRawText()}");
    }

    /// <summary>
    /// A trace or span id: OTLP/JSON writes hex, protobuf JSON (Tempo) writes base64. Exactly twice the id length in
    /// hex digits is hex; anything else is base64 (a base64 id of the right length is never that long).
    /// </summary>
    private static ByteString Id(JsonElement element, int length)
    {
        var text = String(element);
        if (text.Length == 2 * length && IsHex(text))
        {
            return ByteStringOf(Convert.FromHexString(text));
        }

        return ByteStringOf(Base64(text));
    }

    private static byte[] Base64(JsonElement element) => Base64(String(element));

    // The protobuf JSON mapping accepts both the standard and the URL-safe alphabet, padded or not.
    private static byte[] Base64(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var normalized = text.Replace('-', '+').Replace('_', '/');
        if (normalized.Length % 4 != 0)
        {
            normalized = normalized.PadRight(normalized.Length + 4 - (normalized.Length % 4), '=');
        }

        return Convert.FromBase64String(normalized);
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
