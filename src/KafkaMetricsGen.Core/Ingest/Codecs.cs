namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Input codec names, as written in the <c>kafka.topics[].codec</c> setting and on the command line.</summary>
public static class Codecs
{
    public const string OtlpProto = "otlp_proto";
    public const string OtlpJson = "otlp_json";
    public const string PushBytes = "push-bytes";
}
