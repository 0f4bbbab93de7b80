using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.TestKit.TempoTraces;

/// <summary>Short names for the OTLP parts the traces are written with; each call returns a new message.</summary>
internal static class Otlp
{
    public static Status Ok => new() { Code = Status.Types.StatusCode.Ok };

    /// <summary>A status message with no code: present on the wire, code UNSET.</summary>
    public static Status Unset => new();

    public static Status Error(string message = "") => new() { Code = Status.Types.StatusCode.Error, Message = message };

    public static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    /// <summary>A resource whose first attribute is <c>service.name</c>.</summary>
    public static Resource Service(string name, params KeyValue[] attributes)
    {
        var resource = new Resource();
        resource.Attributes.Add(Str("service.name", name));
        resource.Attributes.Add(attributes);
        return resource;
    }

    public static InstrumentationScope Scope(string name, string version = "") => new() { Name = name, Version = version };
}
