using System.Globalization;
using System.Text;
using OpenTelemetry.Proto.Common.V1;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Renders an attribute value as a label value, as Tempo does: strings as they are, bools as
/// <c>true</c>/<c>false</c>, ints in decimal, doubles in Go's shortest plain form, arrays as <c>[</c> + elements + <c>]</c>
/// and key-value lists as <c>{</c> + <c>key:value</c>… + <c>}</c> without separators, bytes and empty values as "".
/// Strings come interned from the batch; arrays and lists are rare and parsed on demand.
/// </summary>
public static class AttributeText
{
    public static string ToLabelValue(SpanBatch batch, in AttributeRef attribute) => attribute.Kind switch
    {
        AnyValueKind.String => batch.String(attribute.Value),
        AnyValueKind.Bool => attribute.Bool ? "true" : "false",
        AnyValueKind.Int => attribute.Int.ToString(CultureInfo.InvariantCulture),
        AnyValueKind.Double => GoFloatFormat.Format(attribute.Double),
        AnyValueKind.Array => FromArray(batch.Bytes(attribute.Value)),
        AnyValueKind.KeyValueList => FromKeyValueList(batch.Bytes(attribute.Value)),
        _ => string.Empty,
    };

    /// <summary>The same rendering for a Google.Protobuf <see cref="AnyValue"/> (reference path and nested values).</summary>
    public static string ToLabelValue(AnyValue? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    private static string FromArray(ReadOnlySpan<byte> encoded)
    {
        try
        {
            var builder = new StringBuilder("[");
            foreach (var element in ArrayValue.Parser.ParseFrom(encoded).Values)
            {
                Append(builder, element);
            }

            return builder.Append(']').ToString();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return string.Empty;
        }
    }

    private static string FromKeyValueList(ReadOnlySpan<byte> encoded)
    {
        try
        {
            var builder = new StringBuilder();
            AppendList(builder, KeyValueList.Parser.ParseFrom(encoded));
            return builder.ToString();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return string.Empty;
        }
    }

    private static void Append(StringBuilder builder, AnyValue value)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                builder.Append(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                builder.Append(value.BoolValue ? "true" : "false");
                break;
            case AnyValue.ValueOneofCase.IntValue:
                builder.Append(value.IntValue.ToString(CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                builder.Append(GoFloatFormat.Format(value.DoubleValue));
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                builder.Append('[');
                foreach (var element in value.ArrayValue.Values)
                {
                    Append(builder, element);
                }

                builder.Append(']');
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                AppendList(builder, value.KvlistValue);
                break;
            default:
                break;
        }
    }

    private static void AppendList(StringBuilder builder, KeyValueList list)
    {
        builder.Append('{');
        foreach (var kv in list.Values)
        {
            builder.Append(kv.Key).Append(':');
            if (kv.Value is not null)
            {
                Append(builder, kv.Value);
            }
        }

        builder.Append('}');
    }
}
