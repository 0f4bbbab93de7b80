namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Input codec names, as written in the <c>kafka.topics[].codec</c> setting and on the command line.</summary>
public static class Codecs
{
    public const string OtlpProto = "otlp_proto";
    public const string OtlpJson = "otlp_json";
    public const string PushBytes = "push-bytes";

    /// <summary>Tempo's generator codec <c>otlp</c>: a <c>tempopb.Trace</c> per record, the tenant in the key.</summary>
    public const string TempoOtlp = "otlp";
}
