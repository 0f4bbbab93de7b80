using System.Globalization;
using OpenTelemetry.Proto.Common.V1;

namespace KafkaMetricsGen.Core.TraceQL.Search;

/// <summary>TraceQL values as OTLP key-values (search spans) and as Tempo's typed tag values.</summary>
public static class WireValues
{
    public static KeyValue KeyValue(string key, StaticValue value) => new() { Key = key, Value = Any(value) };

    public static AnyValue Any(StaticValue value) => value.Kind switch
    {
        StaticKind.Int => new AnyValue { IntValue = value.Int },
        StaticKind.Float => new AnyValue { DoubleValue = value.Float },
        StaticKind.Bool => new AnyValue { BoolValue = value.Int != 0 },
        _ => new AnyValue { StringValue = Text(value) },
    };

    /// <summary>Tempo's tag-value type: string, int, float, bool, duration, or keyword for status and kind.</summary>
    public static string TypeName(StaticValue value) => value.Kind switch
    {
        StaticKind.Int => "int",
        StaticKind.Float => "float",
        StaticKind.Bool => "bool",
        StaticKind.Duration => "duration",
        StaticKind.Status or StaticKind.Kind => "keyword",
        _ => "string",
    };

    /// <summary>The value as Tempo prints it (durations in Go's notation).</summary>
    public static string Text(StaticValue value) => value.Kind switch
    {
        StaticKind.Duration => GoDurations.Format(value.Int),
        StaticKind.Float => value.Float.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
