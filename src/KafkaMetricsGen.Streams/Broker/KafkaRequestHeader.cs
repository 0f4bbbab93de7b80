namespace KafkaMetricsGen.Streams.Broker;

/// <summary>The header of a Kafka request (v1, or v2 with tagged fields when the request version is flexible).</summary>
internal readonly record struct KafkaRequestHeader(short ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    /// <summary>
    /// Reads the header of a request whose flexible versions start at <paramref name="firstFlexibleVersion"/>;
    /// client_id keeps its int16 length even in flexible headers.
    /// </summary>
    public static KafkaRequestHeader Read(ref KafkaWireReader reader, short firstFlexibleVersion)
    {
        var apiKey = reader.ReadInt16("api_key");
        var apiVersion = reader.ReadInt16("api_version");
        var correlationId = reader.ReadInt32("correlation_id");
        var clientId = reader.ReadNullableString("client_id", flexible: false);
        if (apiVersion >= firstFlexibleVersion)
        {
            reader.SkipTaggedFields("header tagged fields");
        }

        return new KafkaRequestHeader(apiKey, apiVersion, correlationId, clientId);
    }
}
