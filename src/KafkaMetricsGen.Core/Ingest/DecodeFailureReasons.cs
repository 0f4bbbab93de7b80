namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Why a record could not be decoded; the dead-letter header and the self-metric carry these values.</summary>
public static class DecodeFailureReasons
{
    public const string Truncated = "truncated";
    public const string WrongWireType = "wrong_wire_type";
    public const string BadIdLength = "bad_id_length";
    public const string BadJson = "bad_json";
    public const string InvalidMessage = "invalid_message";
    public const string MissingTenant = "missing_tenant";

    /// <summary>The record decodes, but a span (with its resource) does not fit a record of the next topic.</summary>
    public const string TooLarge = "too_large";
}
