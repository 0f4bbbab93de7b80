using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Synthetic;

/// <summary>How the synthetic producer writes traces to Kafka.</summary>
public sealed class SyntheticProducerOptions
{
    public required string BootstrapServers { get; init; }

    public required string Topic { get; init; }

    /// <summary>Traces per second; 0 writes as fast as possible.</summary>
    public double TracesPerSecond { get; init; } = 20;

    /// <summary>Traces in one Kafka record (one OTLP request).</summary>
    public int TracesPerRecord { get; init; } = 5;

    /// <summary>Record encoding: otlp_proto, otlp_json or push-bytes.</summary>
    public string Codec { get; init; } = Codecs.OtlpProto;

    /// <summary>Tenant: the record key for push-bytes, else the value of <see cref="TenantHeader"/>.</summary>
    public string Tenant { get; init; } = "single-tenant";

    /// <summary>Header that carries the tenant for the OTLP codecs; empty for none.</summary>
    public string TenantHeader { get; init; } = "X-Scope-OrgID";

    /// <summary>Stop after this many traces; 0 for no limit.</summary>
    public long MaxTraces { get; init; }

    /// <summary>
    /// How long a record may wait for the broker's acknowledgement (librdkafka <c>message.timeout.ms</c>); a record
    /// still unacknowledged then is reported as not delivered. The final flush waits this long at most.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (TracesPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TracesPerSecond), TracesPerSecond, "--rate must be ≥ 0");
        }

        if (TracesPerRecord < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TracesPerRecord), TracesPerRecord, "--traces-per-record must be ≥ 1");
        }

        if (DeliveryTimeout < TimeSpan.FromMilliseconds(1) || DeliveryTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(DeliveryTimeout), DeliveryTimeout, "--delivery-timeout must be between 1ms and 24d");
        }

        if (!SpanBatchDecoders.Names.Contains(Codec))
        {
            throw new ArgumentException($"--codec must be one of {string.Join(", ", SpanBatchDecoders.Names)}; got '{Codec}'", nameof(Codec));
        }
    }
}
